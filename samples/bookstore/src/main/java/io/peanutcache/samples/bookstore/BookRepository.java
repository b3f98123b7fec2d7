package io.peanutcache.samples.bookstore;

import jakarta.persistence.QueryHint;
import java.math.BigDecimal;
import java.util.List;
import org.hibernate.jpa.HibernateHints;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.transaction.annotation.Transactional;

/** The {@code book} table. Each method is one transaction of its own. */
public interface BookRepository extends JpaRepository<BookEntity, String> {

  /**
   * Every book, by ISBN: a cached query. Its result (the ISBNs, whose rows come from the entity
   * region) is kept in Hibernate's query cache on the cluster until a change to table
   * {@code book} on any instance invalidates it.
   *
   * @return the rows
   */
  @QueryHints(@QueryHint(name = HibernateHints.HINT_CACHEABLE, value = "true"))
  List<BookEntity> findAllByOrderByIsbn();

  /**
   * Sets a book's price and stock in one statement; a null leaves that column as it is.
   *
   * @param isbn the book
   * @param price the new price, or null
   * @param stock the new stock, or null
   * @return 1, or 0 when there is no such book
   */
  @Transactional
  @Modifying(clearAutomatically = true)
  @Query("update BookEntity b set b.price = coalesce(:price, b.price), b.stock = coalesce(:stock, b.stock)"
      + " where b.isbn = :isbn")
  int update(String isbn, BigDecimal price, Integer stock);

  /**
   * Deletes a book.
   *
   * @param isbn the book
   * @return 1, or 0 when there is no such book
   */
  @Transactional
  @Modifying(clearAutomatically = true)
  @Query("delete from BookEntity b where b.isbn = :isbn")
  int remove(String isbn);
}
