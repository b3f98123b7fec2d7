package io.peanutcache.samples.bookstore;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** A row of table {@code book}, which {@link BookshelfSetup} creates. */
@Entity
@Table(name = "book")
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
