package io.peanutcache.benchmarks;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cache.annotation.Cacheable;

/**
 * A Spring service with one cached method, {@link #book}, that counts how often its body runs:
 * after the cache is filled, a call that runs the body was not a hit.
 *
 * <p>Called through the proxy that {@code @EnableCaching} puts around it; the count lives in the
 * target, so {@link #runs} is public and reached through the proxy too.
 */
public class BookCatalog {

  /** The length of every value, in characters (and in UTF-8 bytes: the value is ASCII). */
  static final int VALUE_LENGTH = 100;

  private final AtomicLong runs = new AtomicLong();

  /**
   * The description of a book, cached in {@code books} under its ISBN.
   *
   * @param isbn the book's ISBN
   * @return {@link #describe}{@code (isbn)}
   */
  @Cacheable("books")
  public String book(String isbn) {
    runs.incrementAndGet();
    return describe(isbn);
  }

  /**
   * How often the body of {@link #book} has run.
   *
   * @return the number of runs since this bean was made
   */
  public long runs() {
    return runs.get();
  }

  /**
   * The value {@link #book} returns for {@code isbn}: {@value #VALUE_LENGTH} ASCII characters that
   * start with the ISBN.
   *
   * @param isbn an ISBN shorter than {@value #VALUE_LENGTH} characters
   * @return the value
   */
  static String describe(String isbn) {
    StringBuilder value = new StringBuilder(VALUE_LENGTH).append("book ").append(isbn).append(' ');
    while (value.length() < VALUE_LENGTH) {
      value.append((char) ('a' + value.length() % 26));
    }
    return value.toString();
  }
}
