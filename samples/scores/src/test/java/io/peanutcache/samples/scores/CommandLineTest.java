package io.peanutcache.samples.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's options, their defaults, and the messages for wrong ones. */
class CommandLineTest {

  private static final Discovery.StaticPeers THREE_ON_7001 = new Discovery.StaticPeers(
      List.of("127.0.0.1:7001", "127.0.0.1:7002", "127.0.0.1:7003"));

  private static final URI LOCAL_ETCD = URI.create("http://127.0.0.1:2379");

  @Test
  void defaultsToThreeNodesInThisJvmOn7001AndTheApiOn9999() {
    CommandLine options = CommandLine.parse();

    assertEquals(new CommandLine(3, 7001, 9999, Duration.ofMillis(300), 0, THREE_ON_7001, 9092,
        Transport.PLAINTEXT, false), options);
    assertEquals(List.of(new Member("127.0.0.1:7001", "127.0.0.1:7001"),
        new Member("127.0.0.1:7002", "127.0.0.1:7002"),
        new Member("127.0.0.1:7003", "127.0.0.1:7003")), options.here());
  }

  @Test
  void readsBothOptionSpellings() {
    CommandLine options = CommandLine.parse("--port", "0", "--delay-ms=50", "--nodes=1",
        "--node-port", "8001");

    assertEquals(new CommandLine(1, 8001, 0, Duration.ofMillis(50), 0,
        new Discovery.StaticPeers(List.of("127.0.0.1:8001")), 9092, Transport.PLAINTEXT, false),
        options);
    assertEquals(List.of(new Member("127.0.0.1:8001", "127.0.0.1:8001")), options.here());
  }

  @Test
  void runsOneNodeOfThePeersWithItsApiOn9998PlusItsNumber() {
    CommandLine options = CommandLine.parse("--node", "2", "--peers",
        "127.0.0.1:7001, 127.0.0.1:7002,127.0.0.1:7003");

    assertEquals(THREE_ON_7001, options.discovery());
    assertEquals(List.of(new Member("127.0.0.1:7002", "127.0.0.1:7002")), options.here());
    assertEquals(10000, options.port());
    assertEquals("127.0.0.1", options.databaseHost());
  }

  @Test
  void withEtcdRunsEveryNodeInThisJvmNamedNode1ToNodeN() {
    CommandLine options = CommandLine.parse("--etcd", "http://127.0.0.1:2379");

    assertEquals(new CommandLine(3, 7001, 9999, Duration.ofMillis(300), 0,
        new Discovery.Etcd(List.of(LOCAL_ETCD), "scores"), 9092, Transport.PLAINTEXT, false),
        options);
    assertEquals(List.of(new Member("node-1", "127.0.0.1:7001"),
        new Member("node-2", "127.0.0.1:7002"), new Member("node-3", "127.0.0.1:7003")),
        options.here());
  }

  @Test
  void withEtcdANodeNeedsNoPeersAndListensOnNodePortPlusItsNumberMinusOne() {
    CommandLine options = CommandLine.parse("--node", "3", "--etcd=http://127.0.0.1:2379",
        "--node-port", "8001", "--cluster", "demo", "--database-port", "9100");

    assertEquals(new CommandLine(3, 8001, 10001, Duration.ofMillis(300), 3,
        new Discovery.Etcd(List.of(LOCAL_ETCD), "demo"), 9100, Transport.PLAINTEXT, false),
        options);
    assertEquals(List.of(new Member("node-3", "127.0.0.1:8003")), options.here());
    assertEquals(new Member("node-1", "127.0.0.1:8001"), options.member(1));
    assertEquals("127.0.0.1", options.databaseHost());
  }

  @Test
  void readsSeveralEtcdEndpoints() {
    CommandLine options = CommandLine.parse("--etcd",
        "http://10.0.0.1:2379, https://etcd.example:2379/");

    assertEquals(new Discovery.Etcd(List.of(URI.create("http://10.0.0.1:2379"),
        URI.create("https://etcd.example:2379/")), "scores"), options.discovery());
  }

  @Test
  void givesEachNodeItsEtcdSettingsAndNoPeerList() {
    Discovery etcd = CommandLine.parse("--node", "2", "--etcd", "http://127.0.0.1:2379",
        "--cluster", "demo").discovery();

    var settings = etcd.nodeSettings(new Member("node-2", "127.0.0.1:7002"));

    assertEquals("127.0.0.1:7002", settings.getProperty("peanutcache.bind"));
    assertEquals("node-2", settings.getProperty("peanutcache.node.name"));
    assertEquals("http://127.0.0.1:2379", settings.getProperty("peanutcache.etcd.endpoints"));
    assertEquals("demo", settings.getProperty("peanutcache.cluster"));
    assertEquals(null, settings.getProperty("peanutcache.peers"));
  }

  @Test
  void withTlsEveryNodeGetsTheRecipesFilesOfTheDirectory(@TempDir Path directory) throws Exception {
    touch(directory, "ca.pem", "node.pem", "node-key.pem");

    for (CommandLine options : List.of(
        CommandLine.parse("--tls", directory.toString()),
        CommandLine.parse("--node", "2", "--peers", "127.0.0.1:7001,127.0.0.1:7002",
            "--tls=" + directory),
        CommandLine.parse("--node", "3", "--etcd", "http://127.0.0.1:2379",
            "--tls", directory.toString()))) {
      assertEquals(new Transport.Tls(directory), options.transport());
      Properties settings = options.discovery().nodeSettings(options.here().get(0));
      options.transport().addNodeSettings(settings);

      assertEquals(directory.resolve("node.pem").toString(),
          settings.getProperty("peanutcache.tls.certificate"));
      assertEquals(directory.resolve("node-key.pem").toString(),
          settings.getProperty("peanutcache.tls.key"));
      assertEquals(directory.resolve("ca.pem").toString(),
          settings.getProperty("peanutcache.tls.trust"));
    }
  }

  @Test
  void withoutTlsTheNodesGetNoTlsSetting() {
    CommandLine options = CommandLine.parse();
    Properties settings = options.discovery().nodeSettings(options.here().get(0));

    options.transport().addNodeSettings(settings);

    assertEquals(List.of("peanutcache.bind", "peanutcache.peers"),
        settings.stringPropertyNames().stream().sorted().toList());
  }

  @Test
  void tlsNamesTheFilesTheDirectoryLacksAndTheRecipe(@TempDir Path directory) throws Exception {
    touch(directory, "node.pem");

    assertMessage("--tls is " + directory + ", which has no readable ca.pem, node-key.pem;"
        + " allowed: a directory holding ca.pem, node.pem, node-key.pem, as the openssl recipe of"
        + " README.md, section \"Security\", makes them", "--tls", directory.toString());
  }

  @Test
  void tlsNeedsADirectory(@TempDir Path directory) {
    Path nowhere = directory.resolve("nowhere");

    assertMessage("--tls is " + nowhere + ", which is not a directory; allowed: a directory"
        + " holding ca.pem, node.pem, node-key.pem, as the openssl recipe of README.md, section"
        + " \"Security\", makes them", "--tls", nowhere.toString());
    assertMessage("--tls needs a value: --tls DIR", "--tls");
  }

  @Test
  void namesTheOptionAndTheAllowedRangeOfAWrongValue() {
    assertMessage("--port is 70000; allowed: a whole number from 0 to 65535", "--port", "70000");
  }

  @Test
  void namesAnUnknownOptionAndTheAllowedOnes() {
    assertMessage("unknown option --peer; allowed: --nodes N, --node-port N, --port N,"
        + " --delay-ms N, --node I, --peers LIST, --etcd URLS, --cluster NAME, --database-port N,"
        + " --tls DIR, --help", "--peer", "x");
  }

  @Test
  void aNodeNeedsThePeerListOrEtcd() {
    assertMessage("--node needs --peers HOST:PORT,... (every node's address, this one included,"
        + " the same list on every node) or --etcd URL,... (where the nodes register and find each"
        + " other)", "--node", "2");
  }

  @Test
  void aNodeMustBeOneOfThePeers() {
    assertMessage("--node is 3; allowed: a whole number from 1 to 2, the number of --peers",
        "--node", "3", "--peers", "127.0.0.1:7001,127.0.0.1:7002");
  }

  @Test
  void thePeerListIsOnlyForOneNode() {
    assertMessage("--peers goes with --node I, which runs node I alone; without --node, every"
        + " node runs in this JVM", "--peers", "127.0.0.1:7001");
  }

  @Test
  void aPeerMustBeHostAndPort() {
    assertMessage("--peers has \"7002\"; allowed: a comma-separated list of host:port, for"
        + " example 127.0.0.1:7001,127.0.0.1:7002", "--node", "1", "--peers", "127.0.0.1:7001,7002");
  }

  @Test
  void theNodesPortsMustFitBelow65536() {
    assertMessage("--node-port is 65535; allowed: a whole number from 1 to 65533, so that the 3"
        + " nodes' ports are at most 65535", "--node-port", "65535");
  }

  @Test
  void withEtcdTheNodesPortMustFitBelow65536() {
    assertMessage("--node-port is 65535; allowed: a whole number from 1 to 65532, so that node 4's"
        + " port, --node-port + 3, is at most 65535",
        "--node", "4", "--etcd", "http://127.0.0.1:2379", "--node-port", "65535");
  }

  @Test
  void etcdAndAPeerListDoNotGoTogether() {
    String message = "--etcd and --peers do not go together: the nodes find each other either"
        + " through etcd or through a static list; give one of them";

    assertMessage(message, "--node", "1", "--peers", "127.0.0.1:7001",
        "--etcd", "http://127.0.0.1:2379");
    assertMessage(message, "--etcd", "http://127.0.0.1:2379", "--peers", "127.0.0.1:7001");
  }

  @Test
  void anEtcdEndpointMustBeAnHttpUrlWithHostAndPort() {
    String allowed = "; allowed: a comma-separated list of etcd client URLs http://host:port or"
        + " https://host:port, for example http://127.0.0.1:2379";

    assertMessage("--etcd has \"127.0.0.1:2379\"" + allowed, "--etcd", "127.0.0.1:2379");
    assertMessage("--etcd has \"http://127.0.0.1\"" + allowed, "--etcd", "http://127.0.0.1");
    assertMessage("--etcd has \"grpc://127.0.0.1:2379\"" + allowed, "--etcd",
        "grpc://127.0.0.1:2379");
    assertMessage("--etcd has \"http://127.0.0.1:2379/v3\"" + allowed, "--etcd",
        "http://127.0.0.1:2379/v3");
    assertMessage("--etcd has \"http://127.0.0.1:2379 x\"" + allowed, "--etcd",
        "http://127.0.0.1:2379 x");
    assertMessage("--etcd has \"\"" + allowed, "--etcd", "http://127.0.0.1:2379,");
  }

  @Test
  void anEtcdEndpointIsListedOnce() {
    assertMessage("--etcd lists http://127.0.0.1:2379 more than once; allowed: a comma-separated"
        + " list of etcd client URLs http://host:port or https://host:port, for example"
        + " http://127.0.0.1:2379, each once", "--etcd", "http://127.0.0.1:2379,http://127.0.0.1:2379");
  }

  @Test
  void etcdNeedsItsUrls() {
    assertMessage("--etcd needs a value: --etcd URL,...", "--etcd");
    assertMessage("--cluster needs a value: --cluster NAME", "--etcd", "http://127.0.0.1:2379",
        "--cluster");
  }

  @Test
  void aClusterNameIsLettersDigitsDotsUnderscoresAndDashes() {
    String allowed = "; allowed: a name of 1 to 64 letters, digits, '.', '_' or '-', for example"
        + " scores (the cluster's keys in etcd are under /peanutcache/NAME/)";

    assertMessage("--cluster is \"a/b\"" + allowed, "--etcd", "http://127.0.0.1:2379",
        "--cluster", "a/b");
    assertMessage("--cluster is \" \"" + allowed, "--etcd", "http://127.0.0.1:2379",
        "--cluster", " ");
    assertMessage("--cluster is \"\"" + allowed, "--etcd", "http://127.0.0.1:2379", "--cluster=");
  }

  @Test
  void aClusterNameGoesWithEtcd() {
    assertMessage("--cluster goes with --etcd URL,...: it names the cluster in etcd; without"
        + " --etcd, the nodes find each other by a static list", "--cluster", "demo");
    assertMessage("--cluster goes with --etcd URL,...: it names the cluster in etcd; with"
        + " --peers, the nodes find each other by the list", "--node", "1", "--peers",
        "127.0.0.1:7001", "--cluster", "demo");
  }

  @Test
  void withEtcdANodeTakesNoNumberOfNodes() {
    assertMessage("--nodes starts every node in this JVM; with --node I, this process runs node"
        + " I, and every node started with the same --etcd and --cluster joins the cluster",
        "--node", "2", "--etcd", "http://127.0.0.1:2379", "--nodes", "3");
  }

  @Test
  void withEtcdTheDatabasePortGoesWithOneNode() {
    assertMessage("--database-port goes with --node I, which runs node I alone; without --node,"
        + " every node runs in this JVM", "--etcd", "http://127.0.0.1:2379",
        "--database-port", "9100");
  }

  private static void touch(Path directory, String... files) throws IOException {
    for (String file : files) {
      Files.writeString(directory.resolve(file), "");
    }
  }

  private static void assertMessage(String expected, String... args) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(args));

    assertEquals(expected, e.getMessage());
  }
}
