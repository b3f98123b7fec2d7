package io.peanutcache.hibernate.shop;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A note: nonstrict read-write cached, versioned. */
@Entity
@Cache(usage = CacheConcurrencyStrategy.NONSTRICT_READ_WRITE, region = "notes")
public class Note {

  @Id
  private Long id;

  private String text;

  @Version
  private long version;

  protected Note() {
  }

  public Note(long id, String text) {
    this.id = id;
    this.text = text;
  }

  public String getText() {
    return text;
  }

  public void setText(String text) {
    this.text = text;
  }

  public long getVersion() {
    return version;
  }
}
