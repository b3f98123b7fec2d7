package io.peanutcache.spring.boot.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A read-write cached entity of the auto-configuration test. */
@Entity
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "shelves")
public class Shelf {

  @Id
  private Long id;

  private String label;

  protected Shelf() {
  }

  public Shelf(long id, String label) {
    this.id = id;
    this.label = label;
  }

  public String getLabel() {
    return label;
  }
}
