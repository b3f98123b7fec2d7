package io.peanutcache.samples.scores;

import io.peanutcache.samples.scores.database.ScoresDatabase;
import java.io.IOException;
import java.net.BindException;
import java.sql.SQLException;

/**
 * Starts the demo: seeds the database, starts one node and prints where to curl. It serves until
 * the JVM is stopped (Ctrl-C), then closes the node, which closes the CacheManager.
 */
public final class ScoresMain {

  private ScoresMain() {}

  /**
   * Runs the demo.
   *
   * @param args {@code [--port N] [--delay-ms N]}; see {@code --help}
   * @throws IOException if the HTTP server cannot start for a reason other than a port in use
   * @throws SQLException if the database cannot be created
   */
  public static void main(String[] args) throws IOException, SQLException {
    CommandLine options;
    try {
      options = CommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(CommandLine.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(CommandLine.USAGE);
      return;
    }

    ScoresDatabase database = ScoresDatabase.create("scores", options.databaseDelay());
    System.out.println("[database] " + database.jdbcUrl() + ": " + ScoresDatabase.SEED.size()
        + " scores, " + options.databaseDelay().toMillis() + " ms per query");
    ScoresNode node;
    try {
      node = ScoresNode.start(options.port(), database, System.out::println);
    } catch (BindException e) {
      database.close();
      System.err.println("cannot listen on 127.0.0.1:" + options.port() + " (" + e.getMessage()
          + "); choose another port with --port N, or --port 0 for a free one");
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node, database), "scores-stop"));

    System.out.println("[scores] cache \"" + ScoresCacheConfiguration.CACHE_NAME
        + "\" reads through to the database; API at " + node.apiUri() + "?key=<name>");
    System.out.println("Try it (names: " + String.join(", ", ScoresDatabase.SEED.keySet()) + "):");
    System.out.println("  curl '" + node.apiUri() + "?key=Tom'");
    System.out.println("Press Ctrl-C to stop.");
  }

  private static void stop(ScoresNode node, ScoresDatabase database) {
    node.close();
    try {
      System.out.println("[database] score queries run: " + database.scoreQueries());
      database.close();
    } catch (SQLException e) {
      System.err.println("[database] " + database.jdbcUrl() + ": " + e.getMessage());
    }
  }
}
