package io.peanutcache.samples.scores;

import io.peanutcache.settings.EtcdSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The demo's options. Every option also accepts the {@code --name=value} form.
 *
 * <p>By default the demo runs every node of the cluster in this JVM: {@code --nodes N} (default 3)
 * nodes on 127.0.0.1, listening for their peers on {@code --node-port N} (default 7001) and the
 * ports after it, with the HTTP API on {@code --port N} (default 9999) served by the first node.
 *
 * <p>With {@code --node I} it runs node I alone, to start each node in a terminal of its own: node
 * 1 also runs the database server, on {@code --database-port N} (default 9092), and every node
 * serves the API, by default on port 9998 + I.
 *
 * <p>The nodes find each other through a static peer list or through etcd. The list is every
 * node's address: made from {@code --node-port} when every node runs in this JVM, given with
 * {@code --peers HOST:PORT,...} with {@code --node}. With {@code --etcd URL,...} each node
 * registers itself in etcd as {@code node-I}, in the cluster {@code --cluster NAME} (default
 * {@code scores}), and listens on 127.0.0.1 at {@code --node-port} + I - 1.
 *
 * <p>With {@code --tls DIR} every node of this JVM talks mutual TLS with the certificates in DIR,
 * {@code ca.pem}, {@code node.pem} and {@code node-key.pem}, as the README's {@code openssl}
 * recipe makes them; the other nodes of the cluster must be started with {@code --tls} too.
 *
 * @param nodes how many nodes to run in this JVM when {@code node} is 0
 * @param nodePort the port of node 1; node I listens on {@code nodePort} + I - 1, except with a
 *     static list given by {@code --peers}
 * @param port the port of the HTTP API, 0 to 65535
 * @param databaseDelay how long each database query takes, 0 or more
 * @param node the node to run alone, from 1; 0 to run every node in this JVM
 * @param discovery how the nodes find each other
 * @param databasePort the port of the database server when {@code node} is not 0
 * @param transport how the nodes talk to each other
 * @param help whether {@code --help} was given
 */
record CommandLine(int nodes, int nodePort, int port, Duration databaseDelay, int node,
    Discovery discovery, int databasePort, Transport transport, boolean help) {

  /** How to call the demo, printed with {@code --help} and after a wrong option. */
  static final String USAGE = """
      usage: java -jar samples/scores/target/scores.jar [--nodes N] [--node-port N] [--port N] [--delay-ms N]
                  [--etcd URL,... [--cluster NAME]] [--tls DIR]
             java -jar samples/scores/target/scores.jar --node I --peers HOST:PORT,... [--port N]
                  [--database-port N] [--delay-ms N] [--tls DIR]
             java -jar samples/scores/target/scores.jar --node I --etcd URL,... [--cluster NAME]
                  [--node-port N] [--port N] [--database-port N] [--delay-ms N] [--tls DIR]
        --nodes N          nodes to run in this JVM, on 127.0.0.1 (default 3)
        --node-port N      port node 1 listens on for its peers; node I listens on N+I-1 (default 7001)
        --port N           port of the HTTP API on 127.0.0.1, served by the first node (default 9999;
                           with --node I, 9998+I; 0 picks a free port)
        --delay-ms N       milliseconds each database query takes (default 300; the same on every node)
        --node I           run only node I (1 is the first) in this process
        --peers LIST       with --node: every node's host:port, this one included, the same list
                           on every node
        --etcd URLS        find the nodes through etcd instead of a static list: its client URLs,
                           such as http://127.0.0.1:2379; node I registers as node-I
        --cluster NAME     with --etcd: the cluster's name in etcd, the same on every node (default
                           scores)
        --database-port N  with --node: port of the database server that node 1 runs (default 9092)
        --tls DIR          the nodes talk mutual TLS with the certificates in DIR: ca.pem, node.pem
                           and node-key.pem, made by the openssl recipe of README.md, "Security";
                           every node of the cluster needs it""";

  static final int DEFAULT_NODES = 3;
  static final int MAX_NODES = 9;
  static final int DEFAULT_NODE_PORT = 7001;
  static final int DEFAULT_PORT = 9999;
  static final int DEFAULT_DATABASE_PORT = 9092;
  static final long DEFAULT_DELAY_MS = 300;

  private static final String ALLOWED_OPTIONS = "--nodes N, --node-port N, --port N, --delay-ms N,"
      + " --node I, --peers LIST, --etcd URLS, --cluster NAME, --database-port N, --tls DIR,"
      + " --help";

  private static final String TLS_ALLOWED = "a directory holding "
      + String.join(", ", Transport.Tls.FILES)
      + ", as the openssl recipe of README.md, section \"Security\", makes them";

  private static final String ETCD_ALLOWED = EtcdSettings.ENDPOINTS_ALLOWED
      + ", for example http://127.0.0.1:2379";

  CommandLine {
    Objects.requireNonNull(discovery, "discovery");
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
    List<URI> etcd = List.of();
    String cluster = Discovery.Etcd.DEFAULT_CLUSTER;
    int databasePort = DEFAULT_DATABASE_PORT;
    Transport transport = Transport.PLAINTEXT;
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
        case "--etcd" -> etcd = endpoints(option, value(option, inline, rest));
        case "--cluster" -> cluster = clusterName(option, value(option, inline, rest));
        case "--database-port" ->
            databasePort = (int) number(option, value(option, inline, rest), 1, 65535);
        case "--tls" -> transport = tls(option, value(option, inline, rest));
        default -> throw new IllegalArgumentException(
            "unknown option " + option + "; allowed: " + ALLOWED_OPTIONS);
      }
      given.add(option);
    }
    Discovery discovery;
    if (given.contains("--etcd")) {
      checkEtcd(given, node, nodes, nodePort);
      discovery = new Discovery.Etcd(etcd, cluster);
    } else if (node == 0) {
      checkOneJvm(given, nodes, nodePort);
      discovery = new Discovery.StaticPeers(loopbackAddresses(nodePort, nodes));
    } else {
      checkOneNode(given, node, peers);
      discovery = new Discovery.StaticPeers(peers);
    }
    if (port < 0) {
      port = node == 0 ? DEFAULT_PORT : DEFAULT_PORT - 1 + node;
    }
    return new CommandLine(nodes, nodePort, port, Duration.ofMillis(delayMillis), node, discovery,
        databasePort, transport, help);
  }

  /**
   * The nodes this JVM runs.
   *
   * @return node I with {@code --node I}, else nodes 1 to {@code --nodes}
   */
  List<Member> here() {
    if (node != 0) {
      return List.of(member(node));
    }
    List<Member> members = new ArrayList<>();
    for (int number = 1; number <= nodes; number++) {
      members.add(member(number));
    }
    return members;
  }

  /**
   * Node {@code number}: its name and the address it listens on.
   *
   * @param number the node's number, from 1
   * @return the member
   */
  Member member(int number) {
    String address = discovery instanceof Discovery.StaticPeers list && node != 0
        ? list.addresses().get(number - 1)
        : "127.0.0.1:" + (nodePort + number - 1);
    return discovery.member(number, address);
  }

  /**
   * The host of the database server: node 1's.
   *
   * @return the host part of node 1's address
   */
  String databaseHost() {
    String first = member(1).address();
    return first.substring(0, first.lastIndexOf(':'));
  }

  private static List<String> loopbackAddresses(int firstPort, int count) {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      addresses.add("127.0.0.1:" + (firstPort + i));
    }
    return addresses;
  }

  private static void checkEtcd(Set<String> given, int node, int nodes, int nodePort) {
    if (given.contains("--peers")) {
      throw new IllegalArgumentException("--etcd and --peers do not go together: the nodes find"
          + " each other either through etcd or through a static list; give one of them");
    }
    if (node == 0) {
      if (given.contains("--database-port")) {
        throw new IllegalArgumentException("--database-port goes with --node I, which runs node I"
            + " alone; without --node, every node runs in this JVM");
      }
      checkPortsFit(nodePort, nodes);
      return;
    }
    if (given.contains("--nodes")) {
      throw new IllegalArgumentException("--nodes starts every node in this JVM; with --node I,"
          + " this process runs node I, and every node started with the same --etcd and --cluster"
          + " joins the cluster");
    }
    if (nodePort + node - 1 > 65535) {
      throw new IllegalArgumentException("--node-port is " + nodePort + "; allowed: a whole number"
          + " from 1 to " + (65536 - node) + ", so that node " + node + "'s port, --node-port + "
          + (node - 1) + ", is at most 65535");
    }
  }

  private static void checkOneJvm(Set<String> given, int nodes, int nodePort) {
    for (String option : List.of("--peers", "--database-port")) {
      if (given.contains(option)) {
        throw new IllegalArgumentException(option + " goes with --node I, which runs node I"
            + " alone; without --node, every node runs in this JVM");
      }
    }
    if (given.contains("--cluster")) {
      throw new IllegalArgumentException("--cluster goes with --etcd URL,...: it names the"
          + " cluster in etcd; without --etcd, the nodes find each other by a static list");
    }
    checkPortsFit(nodePort, nodes);
  }

  private static void checkPortsFit(int nodePort, int nodes) {
    if (nodePort + nodes - 1 > 65535) {
      throw new IllegalArgumentException("--node-port is " + nodePort + "; allowed: a whole"
          + " number from 1 to " + (65536 - nodes) + ", so that the " + nodes
          + " nodes' ports are at most 65535");
    }
  }

  private static void checkOneNode(Set<String> given, int node, List<String> peers) {
    for (String option : List.of("--nodes", "--node-port")) {
      if (given.contains(option)) {
        throw new IllegalArgumentException(option + " starts every node in this JVM; with --node,"
            + " list every node's address with --peers instead");
      }
    }
    if (given.contains("--cluster")) {
      throw new IllegalArgumentException("--cluster goes with --etcd URL,...: it names the"
          + " cluster in etcd; with --peers, the nodes find each other by the list");
    }
    if (peers.isEmpty()) {
      throw new IllegalArgumentException("--node needs --peers HOST:PORT,... (every node's"
          + " address, this one included, the same list on every node) or --etcd URL,... (where"
          + " the nodes register and find each other)");
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

  /** A comma-separated list of etcd client URLs, each {@code http(s)://host:port}, once. */
  private static List<URI> endpoints(String option, String value) {
    return EtcdSettings.parseEndpoints(value, (entry, repeated, cause) -> new IllegalArgumentException(
        repeated
            ? option + " lists " + entry + " more than once; allowed: " + ETCD_ALLOWED + ", each once"
            : option + " has \"" + entry + "\"; allowed: " + ETCD_ALLOWED));
  }

  /** A cluster name as PeanutCache allows it ({@link EtcdSettings#isClusterName}). */
  private static String clusterName(String option, String value) {
    String name = value.trim();
    if (!EtcdSettings.isClusterName(name)) {
      throw new IllegalArgumentException(option + " is \"" + value + "\"; allowed: "
          + EtcdSettings.CLUSTER_NAME_ALLOWED + ", for example scores (the cluster's keys in etcd"
          + " are under /peanutcache/NAME/)");
    }
    return name;
  }

  /** A directory holding the three files of the openssl recipe, checked now. */
  private static Transport.Tls tls(String option, String value) {
    Path directory;
    try {
      directory = Path.of(value);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(option + " is \"" + value + "\"; allowed: " + TLS_ALLOWED);
    }
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException(option + " is " + value + ", which is not a directory;"
          + " allowed: " + TLS_ALLOWED);
    }
    List<String> missing = Transport.Tls.missingFiles(directory);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(option + " is " + value + ", which has no readable "
          + String.join(", ", missing) + "; allowed: " + TLS_ALLOWED);
    }
    return new Transport.Tls(directory);
  }

  /** The option's value: after its {@code =}, or else the next argument. */
  private static String value(String option, String inline, Deque<String> rest) {
    if (inline != null) {
      return inline;
    }
    if (rest.isEmpty()) {
      String placeholder = switch (option) {
        case "--peers" -> " HOST:PORT,...";
        case "--etcd" -> " URL,...";
        case "--cluster" -> " NAME";
        case "--tls" -> " DIR";
        default -> " N";
      };
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
