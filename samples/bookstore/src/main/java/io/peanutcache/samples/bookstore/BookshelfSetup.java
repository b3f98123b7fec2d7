package io.peanutcache.samples.bookstore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Makes table {@code book} and, when it is empty, fills it from {@code books.tsv}, before the
 * instance takes requests (after every bean is made, before the web server starts).
 *
 * <p>Three instances started together on one database run this at the same moment, so every
 * step is safe to race: {@code CREATE TABLE IF NOT EXISTS} can still fail in the instance that
 * loses (PostgreSQL reports a duplicate key in its catalog), after which the table is there and
 * the failure is passed over; each seed row is its own insert, in its own transaction, and a row
 * that another instance inserted first is a duplicate key, passed over too. Hibernate does not
 * touch the schema ({@code spring.jpa.hibernate.ddl-auto=none}): its {@code update} would race
 * the same way, and log its failures instead of checking them.
 */
@Component
public class BookshelfSetup implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(BookshelfSetup.class);

  /** Portable SQL: H2 and PostgreSQL read it alike. */
  private static final String CREATE_TABLE = """
      CREATE TABLE IF NOT EXISTS book (
        isbn   VARCHAR(17)   PRIMARY KEY,
        title  VARCHAR(200)  NOT NULL,
        author VARCHAR(200)  NOT NULL,
        price  NUMERIC(8, 2) NOT NULL,
        stock  INTEGER       NOT NULL
      )""";

  private final JdbcTemplate jdbc;

  /**
   * The set-up of {@code jdbc}'s database.
   *
   * @param jdbc the application's database, each statement committed on its own
   */
  public BookshelfSetup(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void afterSingletonsInstantiated() {
    createTable();
    seedIfEmpty();
  }

  private void createTable() {
    try {
      jdbc.execute(CREATE_TABLE);
    } catch (DataAccessException e) {
      if (!tableExists()) {
        throw e;
      }
      log.info("table book was created by another instance at the same moment ({})",
          e.getMostSpecificCause().getMessage());
    }
  }

  private boolean tableExists() {
    try {
      jdbc.queryForObject("SELECT COUNT(*) FROM book WHERE 1 = 0", Long.class);
      return true;
    } catch (DataAccessException missing) {
      return false;
    }
  }

  private void seedIfEmpty() {
    long rows = jdbc.queryForObject("SELECT COUNT(*) FROM book", Long.class);
    if (rows > 0) {
      log.info("table book has {} rows already", rows);
      return;
    }
    List<Book> seed = seed();
    int inserted = 0;
    for (Book book : seed) {
      try {
        inserted += jdbc.update("INSERT INTO book (isbn, title, author, price, stock) VALUES (?, ?, ?, ?, ?)",
            book.isbn(), book.title(), book.author(), book.price(), book.stock());
      } catch (DuplicateKeyException insertedByAnotherInstance) {
        // another instance seeds at the same moment: the row is there, as wanted
      }
    }
    if (inserted == seed.size()) {
      log.info("seeded table book with {} books", inserted);
    } else {
      log.info("seeded table book with {} of {} books; another instance inserted the others at the "
          + "same moment", inserted, seed.size());
    }
  }

  /** The rows of books.tsv: ISBN, title, author, price, stock, tab-separated; # starts a comment. */
  static List<Book> seed() {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        new ClassPathResource("books.tsv").getInputStream(), StandardCharsets.UTF_8))) {
      return reader.lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(line -> line.split("\t"))
          .map(f -> new Book(f[0], f[1], f[2], new BigDecimal(f[3]), Integer.parseInt(f[4])))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read books.tsv", e);
    }
  }
}
