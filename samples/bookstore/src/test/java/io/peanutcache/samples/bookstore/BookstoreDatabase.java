package io.peanutcache.samples.bookstore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A PostgreSQL database of a test class's own, {@code bookstore_<random>}, made on the server at
 * 127.0.0.1:5432 (user {@code postgres}, trust authentication, database {@code test}, as
 * {@code .ci/run} sets it up) and dropped when closed, so that runs never see each other's rows.
 */
final class BookstoreDatabase implements AutoCloseable {

  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

  private final String name = "bookstore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private BookstoreDatabase() {}

  /**
   * Makes a new, empty database.
   *
   * @return the database
   * @throws IllegalStateException if PostgreSQL cannot be reached, saying what the tests need
   */
  static BookstoreDatabase create() {
    BookstoreDatabase database = new BookstoreDatabase();
    database.run("CREATE DATABASE " + database.name);
    return database;
  }

  /** The JDBC URL the instances connect to. */
  String url() {
    return SERVER + name;
  }

  /** Drops the database, closing the connections that are still open to it. */
  @Override
  public void close() {
    run("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private void run(String sql) {
    try (Connection connection = DriverManager.getConnection(SERVER + "test", "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("these tests need PostgreSQL at 127.0.0.1:5432 with a "
          + "database test that user postgres reaches without a password (.ci/run sets this up: "
          + "apt-get install postgresql, trust for 127.0.0.1 in pg_hba.conf); " + sql + " failed: "
          + e.getMessage(), e);
    }
  }
}
