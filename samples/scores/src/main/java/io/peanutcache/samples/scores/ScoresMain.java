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
 * database server. The nodes find each other through a static peer list, or through etcd with
 * {@code --etcd}, and talk mutual TLS with {@code --tls DIR}.
 */
public final class ScoresMain {

  /** The name of the database, in its URL. */
  private static final String DATABASE_NAME = "scores";

  /** How much slf4j reports about itself: its warnings, such as "no providers", or errors only. */
  private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

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
    quietSlf4j();
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
      System.err.println("[scores] cannot start: " + e.getMessage() + hint(e, options));
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
      ScoresCluster cluster = ScoresCluster.start(options.discovery(), options.transport(),
          options.here(), options.port(), database.loaderFactory(), System.out::println);
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
            + options.member(1) + ")");
      }
      ScoresCluster cluster = ScoresCluster.start(options.discovery(), options.transport(),
          options.here(), options.port(), loaderFactory, System.out::println);
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
    List<Member> here = options.here();
    ScoresNode apiNode = cluster.apiNode();
    String joined = here.stream().map(Member::toString).collect(Collectors.joining(", "));
    String cache = "; cache \"" + ScoresCacheConfiguration.CACHE_NAME
        + "\" loads a missing score on its owner node";
    boolean etcd = options.discovery() instanceof Discovery.Etcd;
    if (options.node() == 0) {
      System.out.println("[scores] " + here.size() + (here.size() == 1 ? " node" : " nodes")
          + " in this JVM: " + joined
          + (etcd ? ", registered through " + options.discovery().describe() : "") + cache);
    } else if (etcd) {
      System.out.println("[scores] " + here.get(0) + ", registered through "
          + options.discovery().describe() + "; members now: "
          + String.join(", ", apiNode.members()) + cache);
    } else {
      List<String> peers = ((Discovery.StaticPeers) options.discovery()).addresses();
      System.out.println("[scores] node " + apiNode.name() + " (" + options.node() + " of "
          + peers.size() + ": " + String.join(", ", peers) + ")" + cache);
    }
    if (options.transport() instanceof Transport.Tls) {
      System.out.println("[scores] between the nodes: " + options.transport().describe());
    }
    // with etcd the members change as nodes start and stop, and the owners with them
    System.out.println("[scores] owners" + (etcd ? " now" : "") + ": "
        + ScoresDatabase.SEED.keySet().stream()
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
          : options.discovery() instanceof Discovery.Etcd
              ? "choose another with --node-port N (node " + options.node() + " listens on N+"
                  + (options.node() - 1) + ")"
              : "choose another port for node " + options.node() + " in --peers, the same list"
                  + " on every node";
      case API -> "choose another with --port N, or --port 0 for a free one";
      case DATABASE -> "choose another with --database-port N, the same on every node";
    };
  }

  /**
   * What to do about a failure to start through etcd, where the demo's options say it differently
   * from PeanutCache's message; empty for other failures.
   */
  private static String hint(CacheException e, CommandLine options) {
    if (!(options.discovery() instanceof Discovery.Etcd etcd)) {
      return "";
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("cannot join cluster")) {
      return " (check --etcd, and that etcd is running)";
    }
    if (message.contains("is taken in cluster")) {
      return options.node() == 0
          ? " (nodes of another run are in cluster " + etcd.cluster() + ": stop them, or choose"
              + " another --cluster)"
          : " (node " + options.node() + " runs already in cluster " + etcd.cluster() + ": stop"
              + " it, or start another --node I)";
    }
    if (message.contains("with another configuration")) {
      return " (the cache's definition stays in etcd after the nodes stop, and a node that starts"
          + " takes it from there: with every node of cluster " + etcd.cluster() + " stopped,"
          + " clear it with etcdctl del --prefix " + etcd.prefix() + ", or choose another"
          + " --cluster)";
    }
    return "";
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
   * Silences slf4j's own report that it has no logging provider. The etcd client PeanutCache uses
   * logs through slf4j, which the demo does not bind: without this, the first etcd call prints a
   * warning of several lines to standard error. Set on the command line, the property wins.
   */
  private static void quietSlf4j() {
    if (System.getProperty(SLF4J_VERBOSITY) == null) {
      System.setProperty(SLF4J_VERBOSITY, "ERROR");
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
