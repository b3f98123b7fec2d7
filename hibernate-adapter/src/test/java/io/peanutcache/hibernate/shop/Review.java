package io.peanutcache.hibernate.shop;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A review of a product: read-write cached. */
@Entity
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "reviews")
public class Review {

  @Id
  private Long id;

  @ManyToOne
  private Product product;

  private String text;

  protected Review() {
  }

  public Review(long id, Product product, String text) {
    this.id = id;
    this.product = product;
    this.text = text;
  }

  public String getText() {
    return text;
  }
}
