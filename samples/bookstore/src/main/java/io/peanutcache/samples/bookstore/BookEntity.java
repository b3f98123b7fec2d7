package io.peanutcache.samples.bookstore;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/**
 * A row of table {@code book}, which {@link BookshelfSetup} creates. Rows are kept in Hibernate's
 * second-level cache, region {@code book-rows}, on the PeanutCache cluster: a row one instance
 * read is a hit on the others, and a change on any instance is what every instance reads next.
 */
@Entity
@Table(name = "book")
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "book-rows")
public class BookEntity {

  @Id
  private String isbn;

  @Column(nullable = false)
  private String title;

  @Column(nullable = false)
  private String author;

  @Column(nullable = false)
  private BigDecimal price;

  @Column(nullable = false)
  private int stock;

  /** For JPA. */
  protected BookEntity() {}

  /**
   * The book this row holds, as the cache keeps it.
   *
   * @return a copy of the row, detached from the persistence context
   */
  public Book toBook() {
    return new Book(isbn, title, author, price, stock);
  }
}
