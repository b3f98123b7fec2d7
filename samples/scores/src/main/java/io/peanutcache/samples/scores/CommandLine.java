package io.peanutcache.samples.scores;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The demo's options. Every option also accepts the {@code --name=value} form.
 *
 * <p>By default the demo runs every node of the cluster in this JVM: {@code --nodes N} (default 3)
 * nodes on 127.0.0.1, listening for their peers on {@code --node-port N} (default 7001) and the
 * ports after it, with the HTTP API on {@code --port N} (default 9999) served by the first node.
 *
 * <p>With {@code --node I --peers HOST:PORT,...} it runs node I of the peer list alone, to start
 * each node in a terminal of its own: node 1 also runs the database server, on
 * {@code --database-port N} (default 9092), and every node serves the API, by default on port
 * 9998 + I.
 *
 * @param nodes how many nodes to run in this JVM when {@code node} is 0
 * @param nodePort the port of the first node when {@code node} is 0
 * @param port the port of the HTTP API, 0 to 65535
 * @param databaseDelay how long each database query takes, 0 or more
 * @param node the node of {@code peers} to run alone, from 1; 0 to run every node in this JVM
 * @param peers every node's {@code host:port} when {@code node} is not 0; empty otherwise
 * @param databasePort the port of the database server when {@code node} is not 0
 * @param help whether {@code --help} was given
 */
record CommandLine(int nodes, int nodePort, int port, Duration databaseDelay, int node,
    List<String> peers, int databasePort, boolean help) {

  /** How to call the demo, printed with {@code --help} and after a wrong option. */
  static final String USAGE = """
      usage: java -jar samples/scores/target/scores.jar [--nodes N] [--node-port N] [--port N] [--delay-ms N]
             java -jar samples/scores/target/scores.jar --node I --peers HOST:PORT,... [--port N]
                  [--database-port N] [--delay-ms N]
        --nodes N          nodes to run in this JVM, on 127.0.0.1 (default 3)
        --node-port N      port the first node listens on for its peers; the next nodes use the
                           next ports (default 7001)
        --port N           port of the HTTP API on 127.0.0.1, served by the first node (default 9999;
                           with --node I, 9998+I; 0 picks a free port)
        --delay-ms N       milliseconds each database query takes (default 300; the same on every node)
        --node I           run only node I of --peers (1 is the first) in this process
        --peers LIST       with --node: every node's host:port, this one included, the same list
                           on every node
        --database-port N  with --node: port of the database server that node 1 runs (default 9092)""";

  static final int DEFAULT_NODES = 3;
  static final int MAX_NODES = 9;
  static final int DEFAULT_NODE_PORT = 7001;
  static final int DEFAULT_PORT = 9999;
  static final int DEFAULT_DATABASE_PORT = 9092;
  static final long DEFAULT_DELAY_MS = 300;

  private static final String ALLOWED_OPTIONS = "--nodes N, --node-port N, --port N, "
      + "--delay-ms N, --node I, --peers LIST, --database-port N, --help";

  /** The options that start every node in this JVM, which --node does not take. */
  private static final List<String> ONE_JVM_OPTIONS = List.of("--nodes", "--node-port");

  CommandLine {
    peers = List.copyOf(peers);
  }

  /**
   * Reads the options in {@code args}.
   *
   * @param args the command-line arguments
   * @return the options, with defaults for those not given
   * @throws IllegalArgumentException naming the option and what it allows, if an option is unknown,
   *     lacks its value, has a value out of range, or does not go with the others
   */
  static CommandLine parse(String... args) {
    int nodes = DEFAULT_NODES;
    int nodePort = DEFAULT_NODE_PORT;
    int port = -1;
    long delayMillis = DEFAULT_DELAY_MS;
    int node = 0;
    List<String> peers = List.of();
    int databasePort = DEFAULT_DATABASE_PORT;
    boolean help = false;
    Set<String> given = new HashSet<>();
    Deque<String> rest = new ArrayDeque<>(List.of(args));
    while (!rest.isEmpty()) {
      String option = rest.removeFirst();
      String inline = null;
      int equals = option.indexOf('=');
      if (equals > 0) {
        inline = option.substring(equals + 1);
        option = option.substring(0, equals);
      }
      switch (option) {
        case "--help", "-h" -> help = true;
        case "--nodes" -> nodes = (int) number(option, value(option, inline, rest), 1, MAX_NODES);
        case "--node-port" -> nodePort = (int) number(option, value(option, inline, rest), 1, 65535);
        case "--port" -> port = (int) number(option, value(option, inline, rest), 0, 65535);
        case "--delay-ms" -> delayMillis = number(option, value(option, inline, rest), 0, 60_000);
        case "--node" -> node = (int) number(option, value(option, inline, rest), 1, MAX_NODES);
        case "--peers" -> peers = addresses(option, value(option, inline, rest));
        case "--database-port" ->
            databasePort = (int) number(option, value(option, inline, rest), 1, 65535);
        default -> throw new IllegalArgumentException(
            "unknown option " + option + "; allowed: " + ALLOWED_OPTIONS);
      }
      given.add(option);
    }
    if (node == 0) {
      checkOneJvm(given, nodes, nodePort);
    } else {
      checkOneNode(given, node, peers);
    }
    if (port < 0) {
      port = node == 0 ? DEFAULT_PORT : DEFAULT_PORT - 1 + node;
    }
    return new CommandLine(nodes, nodePort, port, Duration.ofMillis(delayMillis), node, peers,
        databasePort, help);
  }

  /**
   * Every node's address.
   *
   * @return {@code --peers} with {@code --node}, else {@code 127.0.0.1} with {@code --nodes} ports
   *     from {@code --node-port}
   */
  List<String> peerAddresses() {
    if (node != 0) {
      return peers;
    }
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      addresses.add("127.0.0.1:" + (nodePort + i));
    }
    return addresses;
  }

  /**
   * The addresses of the nodes this JVM runs.
   *
   * @return node {@code I} of the peers with {@code --node I}, else every node
   */
  List<String> here() {
    return node == 0 ? peerAddresses() : List.of(peers.get(node - 1));
  }

  /**
   * The host of the database server: node 1's.
   *
   * @return the host part of the first peer
   */
  String databaseHost() {
    String first = peerAddresses().get(0);
    return first.substring(0, first.lastIndexOf(':'));
  }

  private static void checkOneJvm(Set<String> given, int nodes, int nodePort) {
    for (String option : List.of("--peers", "--database-port")) {
      if (given.contains(option)) {
        throw new IllegalArgumentException(option + " goes with --node I, which runs node I of"
            + " --peers alone; without --node, every node runs in this JVM");
      }
    }
    if (nodePort + nodes - 1 > 65535) {
      throw new IllegalArgumentException("--node-port is " + nodePort + "; allowed: a whole"
          + " number from 1 to " + (65536 - nodes) + ", so that the " + nodes
          + " nodes' ports are at most 65535");
    }
  }

  private static void checkOneNode(Set<String> given, int node, List<String> peers) {
    for (String option : ONE_JVM_OPTIONS) {
      if (given.contains(option)) {
        throw new IllegalArgumentException(option + " starts every node in this JVM; with --node,"
            + " list every node's address with --peers instead");
      }
    }
    if (peers.isEmpty()) {
      throw new IllegalArgumentException("--node needs --peers HOST:PORT,...: every node's"
          + " address, this one included, the same list on every node");
    }
    if (node > peers.size()) {
      throw new IllegalArgumentException("--node is " + node + "; allowed: a whole number from 1"
          + " to " + peers.size() + ", the number of --peers");
    }
  }

  /** A comma-separated list of {@code host:port}; PeanutCache checks each address further. */
  private static List<String> addresses(String option, String value) {
    List<String> addresses = new ArrayList<>();
    for (String entry : value.split(",", -1)) {
      String address = entry.trim();
      int colon = address.lastIndexOf(':');
      if (colon <= 0 || colon == address.length() - 1) {
        throw new IllegalArgumentException(option + " has \"" + address + "\"; allowed: a"
            + " comma-separated list of host:port, for example 127.0.0.1:7001,127.0.0.1:7002");
      }
      addresses.add(address);
    }
    return addresses;
  }

  /** The option's value: after its {@code =}, or else the next argument. */
  private static String value(String option, String inline, Deque<String> rest) {
    if (inline != null) {
      return inline;
    }
    if (rest.isEmpty()) {
      String placeholder = option.equals("--peers") ? " HOST:PORT,..." : " N";
      throw new IllegalArgumentException(option + " needs a value: " + option + placeholder);
    }
    return rest.removeFirst();
  }

  private static long number(String option, String value, long min, long max) {
    try {
      long number = Long.parseLong(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below, with what is allowed
    }
    throw new IllegalArgumentException(
        option + " is " + value + "; allowed: a whole number from " + min + " to " + max);
  }
}
