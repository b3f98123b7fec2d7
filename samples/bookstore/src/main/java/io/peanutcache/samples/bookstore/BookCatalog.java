package io.peanutcache.samples.bookstore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * The books, read through the PeanutCache cache {@code books} (key: the ISBN).
 *
 * <p>{@link #find} is the slow path the cache is for: with {@code sync = true}, the threads of
 * every instance that miss one ISBN together wait at the key's owner while one of them looks it
 * up, so the database is asked once and all get that answer. An ISBN the database does not hold
 * is cached too, as absent (Spring stores the empty {@code Optional} as a null value): asking for
 * unknown ISBNs again and again costs one lookup each, not one per request. Changes made through
 * this class keep the cache right on every instance: {@link #update} puts the new book (or its
 * absence) and {@link #delete} evicts it. A row changed behind the application's back (with
 * {@code psql}) is seen when its entry expires, ten minutes after it was cached (see
 * {@code peanutcache.cache.books.expiry}).
 */
@Service
public class BookCatalog {

  private static final Logger log = LoggerFactory.getLogger(BookCatalog.class);

  private final BookRepository books;
  private final Duration lookupDelay;
  private final Counter lookups;

  /**
   * The catalog over {@code books}.
   *
   * @param books the table
   * @param properties {@code bookstore.lookup-delay}
   * @param meters where {@code bookstore.lookups} is counted
   */
  public BookCatalog(BookRepository books, BookstoreProperties properties, MeterRegistry meters) {
    this.books = books;
    this.lookupDelay = properties.getLookupDelay();
    this.lookups = Counter.builder("bookstore.lookups")
        .description("Lookups of one book in the database (cache misses that ran the query)")
        .register(meters);
  }

  /**
   * The book with this ISBN: from the cache, or looked up in the database, slowly, once across
   * the cluster. Each lookup is logged ({@code looked up 978-... in the database in 2004 ms}) and
   * counted in {@code bookstore.lookups}.
   *
   * @param isbn the ISBN
   * @return the book, or empty when the database has none with this ISBN
   */
  @Cacheable(cacheNames = "books", sync = true)
  public Optional<Book> find(String isbn) {
    long start = System.nanoTime();
    pauseForTheSlowQuery();
    Optional<Book> book = books.findById(isbn).map(BookEntity::toBook);
    lookups.increment();
    log.info("looked up {} in the database in {} ms: {}", isbn,
        Duration.ofNanos(System.nanoTime() - start).toMillis(),
        book.map(found -> "\"" + found.title() + "\"").orElse("no such book"));
    return book;
  }

  /**
   * Changes a book's price, stock or both, and puts the changed book in the cache, where every
   * instance sees it at once.
   *
   * @param isbn the ISBN
   * @param price the new price, or null to keep it
   * @param stock the new stock, or null to keep it
   * @return the changed book, or empty when there is no such book (cached as absent)
   */
  @CachePut(cacheNames = "books", key = "#isbn")
  public Optional<Book> update(String isbn, BigDecimal price, Integer stock) {
    if (books.update(isbn, price, stock) == 0) {
      return Optional.empty();
    }
    return books.findById(isbn).map(BookEntity::toBook);
  }

  /**
   * Deletes a book and evicts it from the cache on every instance.
   *
   * @param isbn the ISBN
   * @return whether there was such a book
   */
  @CacheEvict(cacheNames = "books", key = "#isbn")
  public boolean delete(String isbn) {
    return books.remove(isbn) > 0;
  }

  /**
   * Every book, through Hibernate's query cache and second-level cache (not the {@code books}
   * cache): a listing that any instance made is a hit on the others until a change to a book on
   * any instance invalidates it.
   *
   * @return the books by ISBN
   */
  public List<Book> all() {
    return books.findAllByOrderByIsbn().stream().map(BookEntity::toBook).toList();
  }

  /** Stands in for a slow query: waits bookstore.lookup-delay. */
  private void pauseForTheSlowQuery() {
    try {
      Thread.sleep(lookupDelay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while looking a book up", e);
    }
  }
}
