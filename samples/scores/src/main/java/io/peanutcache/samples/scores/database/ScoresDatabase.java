package io.peanutcache.samples.scores.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An in-memory H2 database holding a table of scores by name, created and seeded when it is opened
 * and dropped when it is closed: the slow source the {@code scores} cache reads through to.
 *
 * <p>The database lives as long as this object holds its connection open; each node's loader opens
 * its own connection per query, by the database's URL: in one JVM, every node reaches the same
 * in-memory database by its name; nodes in other processes reach it through a
 * {@link DatabaseServer}. The database keeps statistics of the statements it runs, so
 * {@link #scoreQueries()} tells how often the whole cluster actually went to the database.
 */
public final class ScoresDatabase implements AutoCloseable {

  /** The scores every new database starts with (the original demo's three and a few more). */
  public static final Map<String, Integer> SEED = seed();

  private static final String MEMORY_URL_PREFIX = "jdbc:h2:mem:";

  private final String jdbcUrl;
  private final Duration queryDelay;

  /** Keeps the in-memory database alive until close. */
  private final Connection keeper;

  private ScoresDatabase(String jdbcUrl, Duration queryDelay, Connection keeper) {
    this.jdbcUrl = jdbcUrl;
    this.queryDelay = queryDelay;
    this.keeper = keeper;
  }

  /**
   * Creates an in-memory database named {@code name} and seeds it with {@link #SEED}.
   *
   * @param name the database name, unique among the databases open in this JVM
   * @param queryDelay how long each score query takes, standing in for a database across a network
   * @return the open database
   * @throws SQLException if the database cannot be created, for example because one with the same
   *     name is already open in this JVM
   * @throws IllegalArgumentException if {@code queryDelay} is negative
   */
  public static ScoresDatabase create(String name, Duration queryDelay) throws SQLException {
    if (queryDelay.isNegative()) {
      throw new IllegalArgumentException(
          "queryDelay is " + queryDelay.toMillis() + " ms; allowed: 0 ms or more");
    }
    String jdbcUrl = MEMORY_URL_PREFIX + name;
    Connection keeper = DriverManager.getConnection(jdbcUrl);
    try {
      createAndSeed(keeper);
      return new ScoresDatabase(jdbcUrl, queryDelay, keeper);
    } catch (SQLException | RuntimeException e) {
      keeper.close();
      throw e;
    }
  }

  private static void createAndSeed(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE scores (name VARCHAR(64) PRIMARY KEY, score INT NOT NULL)");
      // counts executions per statement, read back by scoreQueries()
      statement.execute("SET QUERY_STATISTICS TRUE");
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO scores (name, score) VALUES (?, ?)")) {
      for (Map.Entry<String, Integer> score : SEED.entrySet()) {
        insert.setString(1, score.getKey());
        insert.setInt(2, score.getValue());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * The factory of the loaders that read this database by its in-memory URL, for nodes in this
   * JVM. It is serializable, as JSR-107 wants of the factories in a cache configuration.
   *
   * @return a new factory
   */
  public ScoreLoaderFactory loaderFactory() {
    return new ScoreLoaderFactory(jdbcUrl, queryDelay);
  }

  /**
   * Serves this database over TCP on a loopback port, for nodes in other processes.
   *
   * @param port the port, or 0 for a free one
   * @return the running server; its {@link DatabaseServer#jdbcUrl()} reaches this database
   * @throws SQLException if the server cannot start, for example because the port is in use
   */
  public DatabaseServer serve(int port) throws SQLException {
    return DatabaseServer.start(name(), port);
  }

  /** The database's name, the part of its URL after {@code jdbc:h2:mem:}. */
  private String name() {
    return jdbcUrl.substring(MEMORY_URL_PREFIX.length());
  }

  /**
   * How many times the database has run the score query since it was created, as counted by the
   * database itself.
   *
   * @return the number of score queries
   * @throws SQLException if the database cannot be read, for example after {@link #close()}
   */
  public long scoreQueries() throws SQLException {
    if (keeper.isClosed()) {
      throw new SQLException("the database " + jdbcUrl + " is closed");
    }
    // a new session each time: H2 answers a session's repeated query from the result it cached,
    // as long as no data changed, and the score queries change no data
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
        PreparedStatement query = connection.prepareStatement("SELECT EXECUTION_COUNT"
            + " FROM INFORMATION_SCHEMA.QUERY_STATISTICS WHERE SQL_STATEMENT = ?")) {
      query.setString(1, DatabaseScoreLoader.SELECT_SCORE);
      try (ResultSet result = query.executeQuery()) {
        return result.next() ? result.getLong(1) : 0;
      }
    }
  }

  /**
   * The JDBC URL of this database.
   *
   * @return the URL, {@code jdbc:h2:mem:<name>}
   */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /**
   * How long each score query takes.
   *
   * @return the delay per query
   */
  public Duration queryDelay() {
    return queryDelay;
  }

  /** Drops the database: an in-memory H2 database ends with its last connection. */
  @Override
  public void close() throws SQLException {
    keeper.close();
  }

  private static Map<String, Integer> seed() {
    Map<String, Integer> scores = new LinkedHashMap<>();
    scores.put("Tom", 630);
    scores.put("Jack", 589);
    scores.put("Sam", 567);
    scores.put("Alice", 712);
    scores.put("Bob", 498);
    scores.put("Carol", 655);
    scores.put("Dave", 541);
    scores.put("Eve", 603);
    return Collections.unmodifiableMap(scores);
  }
}
