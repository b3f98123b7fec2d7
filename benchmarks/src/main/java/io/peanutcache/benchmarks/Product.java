package io.peanutcache.benchmarks;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/**
 * The entity {@link HibernateFindBenchmark} finds: read-write cached in the region {@value
 * #REGION}, versioned, with a {@value #NAME_LENGTH}-character name.
 */
@Entity
@Table(name = "product")
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = Product.REGION)
public class Product {

  /** The second-level cache region of products. */
  public static final String REGION = "products";

  /** The length of every product's name. */
  public static final int NAME_LENGTH = 100;

  @Id
  private Long id;

  private String name;

  private int quantity;

  @Version
  private long version;

  protected Product() {
  }

  /**
   * A new product whose name and quantity follow from its id (see {@link #nameOf}).
   *
   * @param id the id
   */
  public Product(long id) {
    this.id = id;
    this.name = nameOf(id);
    this.quantity = (int) (id % 1000);
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public int getQuantity() {
    return quantity;
  }

  public long getVersion() {
    return version;
  }

  /** The name product {@code id} is stored with: {@value #NAME_LENGTH} ASCII characters. */
  static String nameOf(long id) {
    StringBuilder name = new StringBuilder(NAME_LENGTH).append("product-").append(id).append(' ');
    while (name.length() < NAME_LENGTH) {
      name.append((char) ('a' + (name.length() + id) % 26));
    }
    return name.toString();
  }
}
