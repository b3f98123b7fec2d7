package io.peanutcache.samples.scores;

import io.peanutcache.samples.scores.database.DatabaseServer;
import io.peanutcache.samples.scores.database.ScoreLoaderFactory;
import io.peanutcache.samples.scores.database.ScoresDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.LogManager;
import java.util.stream.Collectors;
import javax.cache.CacheException;

/**
 * Starts the demo: the database, the nodes and the API, then prints where to curl. It serves until
 * the JVM is stopped (Ctrl-C), then stops the API and the nodes and tells how often the database
 * was queried.
 *
 * <p>By default every node runs in this JVM and reads through to one in-memory database. With
 * {@code --node I}, this process runs node I alone: node 1 also runs the database and serves it
 * over TCP, and every node's loader queries it there, as nodes on several machines would share one
 * database server.
 */
public final class ScoresMain {

  /** The name of the database, in its URL. */
  private static final String DATABASE_NAME = "scores";

  private ScoresMain() {}

  /** What runs in this JVM: the nodes, and the database if this JVM holds it. */
  private record Running(ScoresCluster cluster, ScoresDatabase database, DatabaseServer server) {}

  /**
   * Runs the demo.
   *
   * @param args the options; see {@code --help}
   * @throws IOException if the HTTP server cannot start for a reason other than a port in use
   * @throws SQLException if the database cannot be created
   */
  public static void main(String[] args) throws IOException, SQLException {
    configureLogging();
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

    Running running;
    try {
      running = options.node() == 0 ? startEveryNode(options) : startOneNode(options);
    } catch (PortInUseException e) {
      System.err.println("[scores] " + e.getMessage() + "; " + hint(e, options));
      System.exit(1);
      return;
    } catch (CacheException e) {
      System.err.println("[scores] cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(running), "scores-stop"));
    printWhereToCurl(options, running.cluster());
  }

  /** Every node in this JVM, all reading through to one in-memory database. */
  private static Running startEveryNode(CommandLine options) throws IOException, SQLException {
    ScoresDatabase database = ScoresDatabase.create(DATABASE_NAME, options.databaseDelay());
    System.out.println("[database] " + database.jdbcUrl() + ": " + ScoresDatabase.SEED.size()
        + " scores, " + options.databaseDelay().toMillis() + " ms per query");
    try {
      ScoresCluster cluster = ScoresCluster.start(options.peerAddresses(), options.here(),
          options.port(), database.loaderFactory(), System.out::println);
      return new Running(cluster, database, null);
    } catch (IOException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** Node I alone; node 1 also runs the database and serves it to the others. */
  private static Running startOneNode(CommandLine options) throws IOException, SQLException {
    String jdbcUrl = DatabaseServer.jdbcUrl(
        options.databaseHost(), options.databasePort(), DATABASE_NAME);
    ScoreLoaderFactory loaderFactory = new ScoreLoaderFactory(jdbcUrl, options.databaseDelay());
    ScoresDatabase database = null;
    DatabaseServer server = null;
    try {
      if (options.node() == 1) {
        database = ScoresDatabase.create(DATABASE_NAME, options.databaseDelay());
        server = serve(database, options.databasePort());
        System.out.println("[database] " + jdbcUrl + ": " + ScoresDatabase.SEED.size()
            + " scores, " + options.databaseDelay().toMillis() + " ms per query; served to the"
            + " other nodes");
      } else {
        System.out.println("[database] " + jdbcUrl + " (served by node 1, "
            + options.peerAddresses().get(0) + ")");
      }
      ScoresCluster cluster = ScoresCluster.start(options.peerAddresses(), options.here(),
          options.port(), loaderFactory, System.out::println);
      return new Running(cluster, database, server);
    } catch (IOException | SQLException | RuntimeException e) {
      if (server != null) {
        server.close();
      }
      if (database != null) {
        database.close();
      }
      throw e;
    }
  }

  private static DatabaseServer serve(ScoresDatabase database, int port) throws SQLException {
    try {
      return database.serve(port);
    } catch (SQLException e) {
      if (causedByBind(e)) {
        throw new PortInUseException(PortInUseException.Kind.DATABASE, "127.0.0.1:" + port, e);
      }
      throw e;
    }
  }

  private static void printWhereToCurl(CommandLine options, ScoresCluster cluster) {
    List<String> peers = options.peerAddresses();
    ScoresNode apiNode = cluster.apiNode();
    if (options.node() == 0) {
      System.out.println("[scores] " + peers.size() + (peers.size() == 1 ? " node" : " nodes")
          + " in this JVM: " + String.join(", ", peers) + "; cache \""
          + ScoresCacheConfiguration.CACHE_NAME + "\" loads a missing score on its owner node");
    } else {
      System.out.println("[scores] node " + apiNode.name() + " (" + options.node() + " of "
          + peers.size() + ": " + String.join(", ", peers) + "); cache \""
          + ScoresCacheConfiguration.CACHE_NAME + "\" loads a missing score on its owner node");
    }
    System.out.println("[scores] owners: " + ScoresDatabase.SEED.keySet().stream()
        .map(name -> name + " " + apiNode.cache().ownerOf(name))
        .collect(Collectors.joining(", ")));
    System.out.println("[scores] API served by node " + apiNode.name() + " at "
        + cluster.apiUri() + "?key=<name>");
    System.out.println("Try it (names: " + String.join(", ", ScoresDatabase.SEED.keySet()) + "):");
    System.out.println("  curl '" + cluster.apiUri() + "?key=Tom'");
    System.out.println("Press Ctrl-C to stop.");
  }

  private static String hint(PortInUseException e, CommandLine options) {
    return switch (e.kind()) {
      case NODE -> options.node() == 0
          ? "choose other ports with --node-port N (the nodes listen on N to N+"
              + (options.nodes() - 1) + ")"
          : "choose another port for node " + options.node() + " in --peers, the same list on"
              + " every node";
      case API -> "choose another with --port N, or --port 0 for a free one";
      case DATABASE -> "choose another with --database-port N, the same on every node";
    };
  }

  private static void stop(Running running) {
    running.cluster().close();
    if (running.server() != null) {
      running.server().close();
    }
    ScoresDatabase database = running.database();
    if (database != null) {
      try {
        System.out.println("[database] score queries run: " + database.scoreQueries());
        database.close();
      } catch (SQLException e) {
        System.err.println("[database] " + database.jdbcUrl() + ": " + e.getMessage());
      }
    }
  }

  /**
   * Prints PeanutCache's log lines (java.util.logging) one line each, such as
   * {@code [INFO] node 127.0.0.1:7001 listening on 127.0.0.1:7001; ...}, unless the user configured
   * java.util.logging.
   */
  private static void configureLogging() throws IOException {
    if (System.getProperty("java.util.logging.config.file") != null
        || System.getProperty("java.util.logging.config.class") != null) {
      return;
    }
    try (InputStream settings = ScoresMain.class.getResourceAsStream("logging.properties")) {
      if (settings != null) {
        LogManager.getLogManager().readConfiguration(settings);
      }
    }
  }

  private static boolean causedByBind(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException
          || String.valueOf(cause.getMessage()).contains("port may be in use")) {
        return true;
      }
    }
    return false;
  }
}
