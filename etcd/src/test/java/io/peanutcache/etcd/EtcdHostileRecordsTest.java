package io.peanutcache.etcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.PutOption;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.testing.Await;
import io.peanutcache.etcd.testing.EtcdServer;
import io.peanutcache.testing.FreePorts;
import io.peanutcache.testing.InJvmCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.example.hostile.Tripwire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What anyone who can write under the cluster's etcd prefix can put there, against real nodes and
 * a real etcd: records under {@code members/} that are no member, definitions under
 * {@code caches/} that are none or that this node cannot act on, and nodes that fail to start.
 * Every node keeps one ring, the watches go on, the nodes keep serving, and etcd is left as it was.
 */
class EtcdHostileRecordsTest {

  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  private static final URI URI = java.net.URI.create("urn:peanutcache:etcd-hostile-records-test");
  private static final Duration WITHIN = Duration.ofSeconds(30);

  @RegisterExtension
  final InJvmCluster ring = InJvmCluster.of(0).etcd(ETCD::endpoint).uri(URI)
      .with("peanutcache.etcd.lease-ttl", "2s").with("peanutcache.rpc.timeout", "2s");

  private final String prefix = "/peanutcache/" + ring.clusterName() + "/";
  private final String members = prefix + "members/";
  private Client etcd;
  private EtcdLog log;

  @BeforeEach
  void connect() {
    etcd = Client.builder().endpoints(ETCD.endpoint()).build();
    log = new EtcdLog();
  }

  @AfterEach
  void disconnect() {
    log.close();
    etcd.close();
  }

  /** What a writer who is no node puts under {@code members/}. */
  enum Hostile {
    GARBAGE(true) {
      @Override
      String value() {
        return "\u0000{not json at all";
      }
    },
    LEASE_LESS(false) {
      @Override
      String value() {
        return new MemberRecord("127.0.0.1:9", "0.0.1", Instant.EPOCH, "written-by-hand").toJson();
      }
    },
    WRONG_ADDRESS(true) {
      @Override
      String value() {
        return new MemberRecord("not an address", "0.0.1", Instant.EPOCH, "written-by-hand").toJson();
      }
    };

    /** Whether it lives under a lease, as a registration does. */
    final boolean leased;

    Hostile(boolean leased) {
      this.leased = leased;
    }

    abstract String value();
  }

  @ParameterizedTest
  @EnumSource(Hostile.class)
  void aMemberRecordThatIsNoMemberIsAbsentOnEveryNodeAndItsNameStaysUsable(Hostile hostile) throws Exception {
    CacheManager a = ring.add("a");
    CacheManager b = ring.add("b");
    awaitOneRing(List.of(a, b), "a", "b");

    // read by a node that starts after it, watched by those that run
    put(members + "x", hostile);
    CacheManager c = ring.add("c");
    awaitOneRing(List.of(a, b, c), "a", "b", "c");

    // a member's key overwritten: the watch drops the member, as a read would
    putLeased(members + "ghost", new MemberRecord("127.0.0.1:9", "0.0.1", Instant.EPOCH, "ghost").toJson());
    awaitOneRing(List.of(a, b, c), "a", "b", "c", "ghost");
    put(members + "ghost", hostile);
    awaitOneRing(List.of(a, b, c), "a", "b", "c");
    CacheManager d = ring.add("d");
    awaitOneRing(List.of(a, b, c, d), "a", "b", "c", "d");

    // a node's own key overwritten: it registers again, in place of what is there
    long overwritten = put(members + "b", hostile);
    List<CacheManager> four = List.of(a, b, c, d);
    await(() -> four.stream().allMatch(node -> view(node).epoch() > overwritten),
        () -> "the nodes saw no change after b's key was overwritten: " + views(four));
    awaitOneRing(four, "a", "b", "c", "d");
    MemberRecord bAgain = MemberRecord.parse(ETCD.read(members + "b").get(members + "b")).orElseThrow();
    assertEquals(view(b).self().address(), bAgain.address());
    assertTrue(lease(members + "b") != 0, "b is registered under a lease again");

    // the names are usable: one while the record is there, taking its place; one once it is deleted
    CacheManager ghost = ring.add("ghost");
    delete(members + "x");
    CacheManager x = ring.add("x");
    List<CacheManager> all = List.of(a, b, c, d, ghost, x);
    awaitOneRing(all, "a", "b", "c", "d", "ghost", "x");

    // every node serves, and each key has one owner on every node
    Cache<String, String> fromA = a.createCache("served", strings());
    for (int i = 0; i < 60; i++) {
      fromA.put("key-" + i, "v" + i);
    }
    for (CacheManager node : all) {
      Cache<String, String> cache = node.getCache("served", String.class, String.class);
      for (int i = 0; i < 60; i++) {
        assertEquals("v" + i, cache.get("key-" + i), "key-" + i + " read on " + view(node).self().name());
      }
    }
    // each node said once that the key holds no member, however many reads and watch events saw it
    for (String name : List.of("a", "b", "c", "d")) {
      long lines = log.count("node " + name + " counts no member at " + members + "x ");
      assertTrue(lines <= 1, "node " + name + " logged " + members + "x " + lines + " times: " + log.lines());
    }
    assertTrue(log.count("counts no member at " + members + "x ") >= 1, "the ignored key is logged: " + log.lines());
  }

  /** A loader factory that cannot make its loader: it throws, as a factory of a missing resource does. */
  public static final class ThrowingLoaderFactory implements Factory<CacheLoader<String, String>> {
    private static final long serialVersionUID = 1L;

    @Override
    public CacheLoader<String, String> create() {
      throw new CacheLoaderException("this loader cannot be made on this node");
    }
  }

  /** A loader factory whose class needs another that is missing on this node, as an application's may. */
  public static final class MissingClassLoaderFactory implements Factory<CacheLoader<String, String>> {
    private static final long serialVersionUID = 1L;

    @Override
    public CacheLoader<String, String> create() {
      throw new NoClassDefFoundError("com/example/MissingLoader");
    }
  }

  @Test
  void definitionsThatAreNoneOrThatANodeCannotActOnAreSkippedAndTheCatalogWatchGoesOn() throws Exception {
    CacheManager a = ring.add("a");
    CacheManager b = ring.add("b");
    awaitOneRing(List.of(a, b), "a", "b");
    String caches = prefix + "caches/";
    String manager = URLEncoder.encode(URI.toString(), StandardCharsets.UTF_8);
    Tripwire.RAN.clear();
    Map<String, String> hostile = Map.of(
        caches + manager + "/tripwire", definitionJson("tripwire",
            Base64.getEncoder().encodeToString(new ValueCodec(getClass().getClassLoader())
                .encode(new Tripwire("gadget")))),
        caches + manager + "/process-builder", definitionJson("process-builder",
            Base64.getEncoder().encodeToString(configuration(strings().setReadThrough(true)
                .setCacheLoaderFactory(new FactoryBuilder.ClassFactory<>("java.lang.ProcessBuilder"))))),
        caches + "garbage", "\u0000garbage",
        caches + manager + "/not-json", "{not json",
        caches + manager + "/not-base64", definitionJson("not-base64", "!!!"),
        caches + manager + "/elsewhere", definitionJson("another-name",
            Base64.getEncoder().encodeToString(configuration(strings()))),
        caches + manager + "/throwing", definitionJson("throwing",
            Base64.getEncoder().encodeToString(configuration(strings()
                .setReadThrough(true).setCacheLoaderFactory(new ThrowingLoaderFactory())))),
        caches + manager + "/missing-class", definitionJson("missing-class",
            Base64.getEncoder().encodeToString(configuration(strings()
                .setReadThrough(true).setCacheLoaderFactory(new MissingClassLoaderFactory())))));
    for (Map.Entry<String, String> entry : hostile.entrySet()) {
      put(entry.getKey(), entry.getValue(), false);
    }
    put(caches + "%zz/not-url-encoded", "{}", false);
    delete(caches + "%zz/not-url-encoded");

    // defined after them: still arrives on the other node through its watch, unasked
    a.createCache("after", strings()).put("k", "v");
    CacheId after = new CacheId(URI.toString(), "after");
    await(() -> Nodes.of(b).caches().get(after) != null, () -> "cache after does not arrive on node b");
    // and a node that starts now reads past them
    CacheManager c = ring.add("c");
    List<CacheManager> nodes = List.of(a, b, c);
    awaitOneRing(nodes, "a", "b", "c");
    assertNotNull(Nodes.of(c).caches().get(after), "node c knows cache after");

    for (CacheManager node : nodes) {
      String name = view(node).self().name();
      for (String cache : List.of("throwing", "missing-class", "not-base64", "another-name", "elsewhere",
          "tripwire", "process-builder")) {
        assertNull(Nodes.of(node).caches().get(new CacheId(URI.toString(), cache)), name + " hosts " + cache);
      }
      assertEquals("v", node.getCache("after", String.class, String.class).get("k"), "read on " + name);
    }
    for (String key : hostile.keySet()) {
      long lines = log.count(key + " ");
      assertTrue(lines <= nodes.size(), key + " logged " + lines + " times by " + nodes.size() + " nodes: "
          + log.lines());
    }
    assertEquals(Set.of(), Set.copyOf(Tripwire.RAN), "nothing of a class outside the allow-list ran");
    for (String key : List.of(caches + "garbage", caches + manager + "/not-json", caches + manager + "/not-base64",
        caches + manager + "/elsewhere", caches + manager + "/tripwire", caches + manager + "/process-builder")) {
      assertTrue(log.count(key + " ") >= 1, key + " is logged: " + log.lines());
    }

    // a change after all that arrives too: the destruction of the cache
    a.destroyCache("after");
    await(() -> nodes.stream().allMatch(node -> Nodes.of(node).caches().get(after) == null),
        () -> "cache after is still hosted after its destruction");
    Cache<String, String> again = b.createCache("again", strings());
    again.put("k", "v2");
    assertEquals("v2", c.getCache("again", String.class, String.class).get("k"));
  }

  @Test
  void aNodeThatCannotListenWhereItRegisteredLeavesEtcdAsItFoundIt() throws Exception {
    CacheManager a = ring.add("a");
    awaitOneRing(List.of(a), "a");
    EtcdState before = awaitSettled();

    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String address = "127.0.0.1:" + taken.getLocalPort();
      CacheException refused = assertThrows(CacheException.class, () -> startAlone("b", address));
      assertTrue(refused.getMessage().contains("cannot listen on " + address), refused.getMessage());
    }

    await(() -> state().leftAsItWas(before), () -> "etcd was " + before + " and is " + state());
    assertEquals(List.of("a"), view(a).members().stream().map(Member::name).toList());
    Cache<String, String> cache = a.createCache("still", strings());
    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
    // the name is free: the node starts where it can listen
    CacheManager b = ring.add("b");
    awaitOneRing(List.of(a, b), "a", "b");
    assertEquals("v", b.getCache("still", String.class, String.class).get("k"));
  }

  @Test
  void aNodeWhoseNameIsTakenLeavesEtcdAsItFoundIt() throws Exception {
    CacheManager a = ring.add("a");
    awaitOneRing(List.of(a), "a");
    EtcdState before = awaitSettled();

    String free = FreePorts.loopbackAddresses(1).get(0);
    CacheException refused = assertThrows(CacheException.class, () -> startAlone("a", free));
    assertTrue(refused.getMessage().contains("node name a is taken"), refused.getMessage());

    await(() -> state().leftAsItWas(before), () -> "etcd was " + before + " and is " + state());
    Cache<String, String> cache = a.createCache("still", strings());
    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
  }

  // ---------------------------------------------------------------- nodes

  /** Starts a node of this cluster outside the fixture, at {@code address}; closes it if it starts. */
  private void startAlone(String name, String address) {
    Properties properties = new Properties();
    properties.setProperty("peanutcache.bind", address);
    properties.setProperty("peanutcache.node.name", name);
    properties.setProperty("peanutcache.etcd.endpoints", ETCD.endpoint());
    properties.setProperty("peanutcache.cluster", ring.clusterName());
    properties.setProperty("peanutcache.etcd.lease-ttl", "2s");
    CacheManager started = new PeanutCachingProvider().getCacheManager(URI, getClass().getClassLoader(), properties);
    started.close();
  }

  private static MutableConfiguration<String, String> strings() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  private static ClusterView view(CacheManager manager) {
    return Nodes.of(manager).view();
  }

  private static List<String> views(List<CacheManager> nodes) {
    return nodes.stream().map(node -> view(node).toString()).toList();
  }

  /**
   * Waits until every node sees exactly {@code names}, at one epoch, and names the same owner for
   * every partition.
   */
  private static void awaitOneRing(List<CacheManager> nodes, String... names) {
    Set<String> expected = new TreeSet<>(Arrays.asList(names));
    await(() -> {
      ClusterView first = view(nodes.get(0));
      for (CacheManager node : nodes) {
        ClusterView view = view(node);
        if (view.epoch() != first.epoch()
            || !expected.equals(new TreeSet<>(view.members().stream().map(Member::name).toList()))
            || !Arrays.equals(owners(view), owners(first))) {
          return false;
        }
      }
      return true;
    }, () -> "no agreement on a ring of " + expected + ": " + views(nodes));
    ClusterView first = view(nodes.get(0));
    for (CacheManager node : nodes) {
      assertArrayEquals(owners(first), owners(view(node)), "the partitions' owners on " + view(node).self().name());
    }
  }

  private static String[] owners(ClusterView view) {
    String[] owners = new String[view.partitionCount()];
    for (int partition = 0; partition < owners.length; partition++) {
      owners[partition] = view.ownerOf(partition).name();
    }
    return owners;
  }

  // ---------------------------------------------------------------- etcd, written as anyone could

  /** Puts {@code hostile} at {@code key}, under a lease of the writer's if it is a leased kind. */
  private long put(String key, Hostile hostile) throws Exception {
    return put(key, hostile.value(), hostile.leased);
  }

  private long putLeased(String key, String value) throws Exception {
    return put(key, value, true);
  }

  /** Puts {@code value} at {@code key}, under a lease that outlives the test if {@code leased}; its revision. */
  private long put(String key, String value, boolean leased) throws Exception {
    PutOption option = PutOption.DEFAULT;
    if (leased) {
      long lease = etcd.getLeaseClient().grant(600).get(10, TimeUnit.SECONDS).getID();
      option = PutOption.builder().withLeaseId(lease).build();
    }
    return etcd.getKVClient().put(bytes(key), bytes(value), option).get(10, TimeUnit.SECONDS)
        .getHeader().getRevision();
  }

  private void delete(String key) throws Exception {
    etcd.getKVClient().delete(bytes(key)).get(10, TimeUnit.SECONDS);
  }

  private long lease(String key) throws Exception {
    List<KeyValue> found = etcd.getKVClient().get(bytes(key)).get(10, TimeUnit.SECONDS).getKvs();
    return found.isEmpty() ? 0 : found.get(0).getLease();
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }

  private static String definitionJson(String name, String configuration) {
    return FlatJson.write(Map.of("uri", URI.toString(), "name", name, "description", "written by hand",
        "configuration", configuration));
  }

  private static byte[] configuration(MutableConfiguration<String, String> configuration) {
    return new ValueCodec(EtcdHostileRecordsTest.class.getClassLoader())
        .encode(new PeanutConfiguration<>(configuration));
  }

  /**
   * What a node could leave in etcd: the keys under the cluster's prefix and their values, the
   * leases, and the watchers etcd keeps.
   */
  private record EtcdState(Map<String, String> keys, Set<Long> leases, long watchers) {

    /** Whether this state has what {@code before} had, and nothing more; a lease may have expired since. */
    boolean leftAsItWas(EtcdState before) {
      return keys.equals(before.keys) && before.leases.containsAll(leases) && watchers == before.watchers;
    }
  }

  private EtcdState state() {
    try {
      return new EtcdState(ETCD.read(prefix), ETCD.leases(), ETCD.metric("etcd_debugging_mvcc_watcher_total"));
    } catch (IOException e) {
      throw new AssertionError("cannot read etcd", e);
    }
  }

  /**
   * The state of etcd once what the nodes of earlier tests left is gone: their watchers, and the
   * leases they let expire; the same for 3 s, longer than a lease of theirs lives.
   */
  private EtcdState awaitSettled() throws InterruptedException {
    EtcdState last = state();
    long stableSince = System.nanoTime();
    long deadline = stableSince + WITHIN.toNanos();
    while (System.nanoTime() - stableSince < TimeUnit.SECONDS.toNanos(3)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("etcd did not settle: " + last);
      }
      Thread.sleep(250);
      EtcdState now = state();
      if (!now.equals(last)) {
        last = now;
        stableSince = System.nanoTime();
      }
    }
    return last;
  }

  private static void await(BooleanSupplier condition, Supplier<String> failure) {
    Await.until(WITHIN, condition, failure);
  }

  /** The lines PeanutCache's etcd classes, and its refusals of definitions, log while a test runs. */
  private static final class EtcdLog extends Handler implements AutoCloseable {
    /** Held here: a logger nobody holds may be collected, and its handlers with it. */
    private final List<Logger> loggers = List.of(Logger.getLogger(EtcdMembership.class.getName()),
        Logger.getLogger(EtcdCatalog.class.getName()),
        Logger.getLogger("io.peanutcache.cluster.definitions.RefusedDefinitions"));
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    EtcdLog() {
      loggers.forEach(logger -> logger.addHandler(this));
    }

    @Override
    public void publish(LogRecord record) {
      lines.add(formatter.formatMessage(record));
    }

    long count(String part) {
      return lines.stream().filter(line -> line.contains(part)).count();
    }

    String lines() {
      return lines.stream().collect(Collectors.joining("\n", "\n", ""));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      loggers.forEach(logger -> logger.removeHandler(this));
    }
  }
}
