package io.peanutcache.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database of the run's own, {@code bench_<random>}, on the PostgreSQL server at
 * 127.0.0.1:5432 (user {@code postgres}, trust authentication): made by the constructor, dropped
 * by {@link #close()}.
 */
final class BenchDatabase implements AutoCloseable {

  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  static final String USER = "postgres";

  private final String name = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private boolean dropped;

  /** Creates the database; fails, naming the server, if PostgreSQL does not answer. */
  BenchDatabase() {
    execute("CREATE DATABASE " + name);
  }

  /** The database's name. */
  String name() {
    return name;
  }

  /** The JDBC URL of the database. */
  String url() {
    return SERVER + name;
  }

  /** Drops the database, closing whatever connections to it are still open. */
  @Override
  public void close() {
    if (!dropped) {
      execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      dropped = true;
    }
  }

  private static void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 (user postgres, trust"
          + " authentication): " + sql + ": " + e.getMessage(), e);
    }
  }
}
