package io.peanutcache.samples.scores.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/**
 * Loads a score by name from the scores database, taking the database's query delay each time.
 *
 * <p>A score is returned as text, {@code "630"}; a name the database does not hold loads as
 * {@code null}, which JSR-107 treats as "no value": nothing is cached, and the next read asks the
 * database again. Each query prints one line naming the node that ran it,
 * {@code [database] node 127.0.0.1:7002 SELECT score for Tom (301 ms)}: PeanutCache runs a
 * read-through load on the key's owner, so that is the owner (or, when the owner cannot be
 * reached, the node that asked it).
 *
 * <p>Every node has its own loader, made by {@link ScoreLoaderFactory} from the cache's
 * configuration; all of them query the one database. A loader opens a connection per query and is
 * safe to call from many threads at once.
 */
public final class DatabaseScoreLoader implements CacheLoader<String, String> {

  /** The one statement the loader runs, counted by {@link ScoresDatabase#scoreQueries}. */
  static final String SELECT_SCORE = "SELECT score FROM scores WHERE name = ?";

  private final String jdbcUrl;
  private final Duration queryDelay;
  private final String node;

  /**
   * A loader for {@code node}.
   *
   * @param jdbcUrl the database
   * @param queryDelay how long each query takes
   * @param node the node the loader runs on, for its log lines; null when it is not known
   */
  DatabaseScoreLoader(String jdbcUrl, Duration queryDelay, String node) {
    this.jdbcUrl = jdbcUrl;
    this.queryDelay = queryDelay;
    this.node = node;
  }

  /**
   * The node this loader runs on.
   *
   * @return its name, or null when the loader was not made for a node
   */
  public String node() {
    return node;
  }

  /**
   * Reads the score of {@code name}, after waiting the query delay.
   *
   * @param name the name
   * @return the score as text, or null if the database has no such name
   * @throws CacheLoaderException if the database cannot be queried, or the thread is interrupted
   *     while waiting
   */
  @Override
  public String load(String name) {
    LoadsOnThisThread.record();
    long start = System.nanoTime();
    String score = query(name);
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    System.out.println("[database] " + (node == null ? "" : "node " + node + " ")
        + "SELECT score for " + name
        + (score == null ? ": no such name" : "") + " (" + millis + " ms)");
    return score;
  }

  /**
   * Reads the scores of {@code names} one query at a time, leaving out the names the database does
   * not hold.
   *
   * @param names the names
   * @return the scores found, by name
   * @throws CacheLoaderException as {@link #load} does
   */
  @Override
  public Map<String, String> loadAll(Iterable<? extends String> names) {
    Map<String, String> scores = new HashMap<>();
    for (String name : names) {
      String score = load(name);
      if (score != null) {
        scores.put(name, score);
      }
    }
    return scores;
  }

  private String query(String name) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
        PreparedStatement select = connection.prepareStatement(SELECT_SCORE)) {
      select.setString(1, name);
      Thread.sleep(queryDelay.toMillis());
      try (ResultSet result = select.executeQuery()) {
        return result.next() ? result.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new CacheLoaderException(
          "could not read the score of " + name + " from " + jdbcUrl + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheLoaderException("interrupted while reading the score of " + name, e);
    }
  }

  @Override
  public String toString() {
    return "DatabaseScoreLoader{" + jdbcUrl + ", " + queryDelay.toMillis() + " ms per query"
        + (node == null ? "" : ", on node " + node) + "}";
  }
}
