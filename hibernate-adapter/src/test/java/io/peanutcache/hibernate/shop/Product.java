package io.peanutcache.hibernate.shop;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Version;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/** A product: read-write cached, versioned, with a natural id and a cached collection. */
@Entity
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "products")
@NaturalIdCache(region = "product-skus")
public class Product {

  @Id
  private Long id;

  @NaturalId
  private String sku;

  private int quantity;

  @Version
  private long version;

  @OneToMany(mappedBy = "product", cascade = CascadeType.ALL)
  @Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "product-reviews")
  private List<Review> reviews = new ArrayList<>();

  protected Product() {
  }

  public Product(long id, String sku, int quantity) {
    this.id = id;
    this.sku = sku;
    this.quantity = quantity;
  }

  public Long getId() {
    return id;
  }

  public String getSku() {
    return sku;
  }

  public int getQuantity() {
    return quantity;
  }

  public void setQuantity(int quantity) {
    this.quantity = quantity;
  }

  public long getVersion() {
    return version;
  }

  public List<Review> getReviews() {
    return reviews;
  }
}
