package io.peanutcache.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.membership.Membership;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.testing.Await;
import io.peanutcache.etcd.testing.EtcdServer;
import io.peanutcache.testing.InJvmCluster;
import io.peanutcache.testing.NodeJvm;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nodes that find each other through a real etcd, started for this class. */
class EtcdMembershipTest {

  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  private static final URI URI = java.net.URI.create("urn:peanutcache:etcd-membership-test");
  private static final Duration LEASE_TTL = Duration.ofSeconds(2);

  /** The nodes each test starts by name; each test has a cluster (and so an etcd prefix) of its own. */
  @RegisterExtension
  final InJvmCluster ring = InJvmCluster.of(0).etcd(ETCD::endpoint).uri(URI)
      .with("peanutcache.etcd.lease-ttl", LEASE_TTL.toSeconds() + "s").with("peanutcache.rpc.timeout", "2s");

  private final String cluster = ring.clusterName();

  private CacheManager start(String name) {
    return ring.add(name);
  }

  private static ClusterView view(CacheManager manager) {
    return Nodes.of(manager).view();
  }

  /** Waits until every manager's view has the same epoch and {@code size} members. */
  private static void awaitOneRing(List<CacheManager> nodes, int size, Duration within) {
    await(within, () -> {
      long epoch = view(nodes.get(0)).epoch();
      for (CacheManager node : nodes) {
        ClusterView view = view(node);
        if (view.epoch() != epoch || view.members().size() != size) {
          return false;
        }
      }
      return true;
    }, () -> "no agreement on a ring of " + size + ": " + nodes.stream().map(n -> view(n).toString()).toList());
  }

  private static void await(Duration within, BooleanSupplier condition, java.util.function.Supplier<String> failure) {
    Await.until(within, condition, failure);
  }

  private static boolean holdsOnlyWhatItOwns(CacheManager node, String cacheName) {
    @SuppressWarnings("unchecked")
    PeanutCache<String, String> cache = node.getCache(cacheName).unwrap(PeanutCache.class);
    String self = view(node).self().name();
    for (var entries = cache.engine().store().iterator(); entries.hasNext(); ) {
      if (!cache.ownerOf((String) entries.next().getKey()).equals(self)) {
        return false;
      }
    }
    return true;
  }

  private static String[] owners(ClusterView view) {
    String[] owners = new String[view.partitionCount()];
    for (int partition = 0; partition < owners.length; partition++) {
      owners[partition] = view.ownerOf(partition).name();
    }
    return owners;
  }

  /** Reads a key's value as the loader of the cache defines it: the key, reversed. */
  public static final class ReversingLoader implements CacheLoader<String, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String load(String key) {
      return new StringBuilder(key).reverse().toString();
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }

  private static MutableConfiguration<String, String> readThrough() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class)
        .setReadThrough(true).setCacheLoaderFactory(FactoryBuilder.factoryOf(ReversingLoader.class));
  }

  @Test
  void threeNodesFormOneRingAndAgreeOnEveryKeysOwner() {
    List<CacheManager> nodes = List.of(start("a"), start("b"), start("c"));
    awaitOneRing(nodes, 3, Duration.ofSeconds(5));

    Cache<String, String> fromA = nodes.get(0).createCache("ring", readThrough());
    Cache<String, String> fromC = nodes.get(2).getCache("ring", String.class, String.class);
    Map<String, Integer> owned = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      String key = "key-" + i;
      String owner = fromA.unwrap(PeanutCache.class).ownerOf(key);
      assertEquals(owner, fromC.unwrap(PeanutCache.class).ownerOf(key), "the owner of " + key);
      owned.merge(owner, 1, Integer::sum);
      fromA.put(key, "v" + i);
      assertEquals("v" + i, fromC.get(key));
    }
    assertEquals(3, owned.size(), "every member owns keys: " + owned);
    assertEquals(List.of("a", "b", "c"), view(nodes.get(1)).members().stream().map(Member::name).toList());
  }

  @Test
  @SuppressWarnings("unchecked")
  void aNodeIsLocalForTheKeysItOwnsUnderItsName() {
    List<CacheManager> nodes = List.of(start("a"), start("b"));
    awaitOneRing(nodes, 2, Duration.ofSeconds(5));
    PeanutCache<String, String> a = nodes.get(0).createCache("local", readThrough()).unwrap(PeanutCache.class);
    PeanutCache<String, String> b = nodes.get(1).getCache("local", String.class, String.class)
        .unwrap(PeanutCache.class);
    int localToA = 0;
    for (int i = 0; i < 100; i++) {
      String key = "key-" + i;
      boolean ownedByA = a.ownerOf(key).equals("a");
      assertEquals(ownedByA, a.isLocal(key), "a.isLocal(" + key + ") with owner " + a.ownerOf(key));
      assertEquals(!ownedByA, b.isLocal(key), "b.isLocal(" + key + ") with owner " + b.ownerOf(key));
      localToA += ownedByA ? 1 : 0;
    }
    assertTrue(localToA > 0 && localToA < 100, "both nodes own some of 100 keys; a owns " + localToA);
  }

  @Test
  void aNodeThatComesBackAtAnotherAddressIsCalledThere() {
    CacheManager a = start("a");
    CacheManager b = start("b");
    awaitOneRing(List.of(a, b), 2, Duration.ofSeconds(5));
    Cache<String, String> fromA = a.createCache("moved", readThrough());
    List<String> keysOfB = new ArrayList<>();
    for (int i = 0; keysOfB.size() < 20; i++) {
      if (fromA.unwrap(PeanutCache.class).ownerOf("key-" + i).equals("b")) {
        keysOfB.add("key-" + i);
      }
    }
    keysOfB.forEach(key -> fromA.put(key, "first"));
    String firstAddress = view(a).member("b").address();

    b.close();
    awaitOneRing(List.of(a), 1, Duration.ofSeconds(5));
    CacheManager again = start("b");
    awaitOneRing(List.of(a, again), 2, Duration.ofSeconds(5));

    assertNotEquals(firstAddress, view(a).member("b").address(), "b listens elsewhere now");
    for (String key : keysOfB) {
      assertEquals("b", fromA.unwrap(PeanutCache.class).ownerOf(key));
      fromA.put(key, "second");
      assertEquals("second", again.getCache("moved", String.class, String.class).get(key),
          "node a wrote " + key + " to b at its new address");
    }
  }

  @Test
  void eachMemberKeyHoldsReadableJsonWithItsAddressAndVersion() throws Exception {
    CacheManager a = start("a");
    String address = view(a).self().address();

    Map<String, String> members = ETCD.read("/peanutcache/" + cluster + "/members/");

    assertEquals(List.of("/peanutcache/" + cluster + "/members/a"), List.copyOf(members.keySet()));
    MemberRecord record = MemberRecord.parse(members.values().iterator().next()).orElseThrow();
    assertEquals(address, record.address());
    assertEquals(System.getProperty("project.version"), record.version(), "the version the build wrote in");
    assertTrue(record.version().matches("\\d+\\.\\d+\\.\\d+.*"), record.version());
  }

  @Test
  void aFourthNodeTakesAboutAQuarterOfThePartitions() {
    List<CacheManager> nodes = new ArrayList<>(List.of(start("a"), start("b"), start("c")));
    awaitOneRing(nodes, 3, Duration.ofSeconds(5));
    String[] before = owners(view(nodes.get(0)));
    Cache<String, String> cache = nodes.get(0).createCache("moving", readThrough());
    for (int i = 0; i < 300; i++) {
      cache.put("key-" + i, "v" + i);
    }

    nodes.add(start("d"));
    awaitOneRing(nodes, 4, Duration.ofSeconds(5));

    // the old owners hand what moved to the new node and drop it: should it come back, they must
    // not serve it stale
    await(Duration.ofSeconds(5), () -> nodes.stream().allMatch(node -> holdsOnlyWhatItOwns(node, "moving")),
        () -> "a node still holds entries of partitions it no longer owns");
    Cache<String, String> fromD = nodes.get(3).getCache("moving", String.class, String.class);
    PeanutCache<String, String> onD = fromD.unwrap(PeanutCache.class);
    int onTheNewNode = 0;
    for (int i = 0; i < 300; i++) {
      String key = "key-" + i;
      assertEquals("v" + i, fromD.get(key), key + " moved, and was not loaded again");
      onTheNewNode += onD.ownerOf(key).equals("d") ? 1 : 0;
    }
    assertTrue(onTheNewNode > 30 && onTheNewNode < 150, onTheNewNode + " of 300 keys moved to the new node");
    long loads = nodes.stream().mapToLong(node -> node.unwrap(io.peanutcache.jcache.PeanutCacheManager.class)
        .nodeStatus().orElseThrow().loads()).sum();
    assertEquals(0, loads, "the nodes loaded keys a peer held");

    String[] after = owners(view(nodes.get(0)));
    int moved = 0;
    int toTheNewNode = 0;
    for (int partition = 0; partition < before.length; partition++) {
      if (!before[partition].equals(after[partition])) {
        moved++;
        toTheNewNode += after[partition].equals("d") ? 1 : 0;
      }
    }
    double quarter = before.length / 4.0;
    System.out.println("a fourth node: " + moved + " of " + before.length + " partitions moved, " + toTheNewNode
        + " to the new node; " + onTheNewNode + " of 300 keys were handed to it");
    assertTrue(toTheNewNode >= 0.8 * quarter && moved <= 1.5 * quarter,
        moved + " partitions moved, " + toTheNewNode + " to the new node, of " + before.length);
  }

  @Test
  void aNodeThatShutsDownCleanlyLeavesTheRingInUnderASecond() {
    List<CacheManager> nodes = List.of(start("a"), start("b"), start("c"));
    awaitOneRing(nodes, 3, Duration.ofSeconds(5));

    long start = System.nanoTime();
    nodes.get(2).close();
    awaitOneRing(nodes.subList(0, 2), 2, Duration.ofSeconds(1));

    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.println("clean shutdown: the others agreed on the ring without it after " + elapsedMillis + " ms");
    assertTrue(elapsedMillis < 1000, "the ring was updated after " + elapsedMillis + " ms");
  }

  @Test
  void aSecondLiveNodeWithTheSameNameIsRefused() {
    CacheManager first = start("same");
    CacheException refused = assertThrows(CacheException.class, () -> start("same"));

    assertTrue(refused.getMessage().contains("node name same is taken in cluster " + cluster),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("peanutcache.node.name"), refused.getMessage());
    assertEquals(List.of("same"), view(first).members().stream().map(Member::name).toList());
  }

  @Test
  void aNodeStartedAgainAtOnceAfterItWasKilledTakesItsNameOnceTheOldLeaseRunsOut() throws Exception {
    CacheManager a = start("a");
    try (NodeJvm process = ring.addInOtherJvm("phoenix")) {
      awaitOneRing(List.of(a), 2, Duration.ofSeconds(10));
      process.kill();
    }

    CacheManager again = start("phoenix"); // as a supervisor restarts it: the killed one's lease still runs

    awaitOneRing(List.of(a, again), 2, Duration.ofSeconds(10));
    assertEquals(List.of("a", "phoenix"), view(again).members().stream().map(Member::name).sorted().toList());
  }

  @Test
  void aKilledNodeLeavesWhenItsLeaseExpiresAndItsKeysLoadAgainElsewhere() throws Exception {
    List<CacheManager> nodes = List.of(start("a"), start("b"));
    try (NodeJvm process = ring.addInOtherJvm("killed")) {
      awaitOneRing(nodes, 3, Duration.ofSeconds(10));
      Cache<String, String> cache = nodes.get(0).createCache("survivor", readThrough());
      List<String> itsKeys = new ArrayList<>();
      for (int i = 0; itsKeys.size() < 20; i++) {
        String key = "key-" + i;
        if (cache.unwrap(PeanutCache.class).ownerOf(key).equals("killed")) {
          itsKeys.add(key);
          assertEquals(new StringBuilder(key).reverse().toString(), cache.get(key));
        }
      }

      long killedAt = System.nanoTime();
      process.kill();
      awaitOneRing(nodes, 2, LEASE_TTL.plusSeconds(1).plusMillis(500));
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
      System.out.println("SIGKILL: the others agreed on the ring without it after " + elapsedMillis
          + " ms (lease TTL " + LEASE_TTL.toMillis() + " ms)");

      assertTrue(elapsedMillis <= LEASE_TTL.plusSeconds(1).toMillis(),
          "the others agreed on a ring without the killed node after " + elapsedMillis + " ms");
      Cache<String, String> fromB = nodes.get(1).getCache("survivor", String.class, String.class);
      for (String key : itsKeys) {
        assertNotEquals("killed", fromB.unwrap(PeanutCache.class).ownerOf(key));
        assertEquals(new StringBuilder(key).reverse().toString(), fromB.get(key));
      }
    }
  }

  @Test
  void nodesKeepServingWhileEtcdIsDownAndKeepTheirRegistrationsWhenItReturns() throws Exception {
    List<CacheManager> nodes = List.of(start("a"), start("b"), start("c"));
    awaitOneRing(nodes, 3, Duration.ofSeconds(5));
    Cache<String, String> cache = nodes.get(0).createCache("outage", readThrough());
    for (int i = 0; i < 100; i++) {
      cache.get("key-" + i);
    }
    Map<String, Long> leasesBefore = memberLeases();
    assertEquals(3, leasesBefore.size(), leasesBefore.toString());

    AtomicLong reads = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicInteger fewestMembers = new AtomicInteger(3);
    List<String> failureMessages = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
        CacheManager node = nodes.get(i % 3);
        fewestMembers.accumulateAndGet(view(node).members().size(), Math::min);
        String key = "key-" + (i % 100);
        String failure;
        try {
          String value = node.getCache("outage", String.class, String.class).get(key);
          failure = new StringBuilder(key).reverse().toString().equals(value) ? null : key + " read " + value;
        } catch (RuntimeException e) {
          failure = key + ": " + e;
        }
        if (failure != null && failures.incrementAndGet() <= 10) {
          failureMessages.add(failure);
        }
        reads.incrementAndGet();
      }
    });
    reader.start();
    try {
      ETCD.stop();
      Thread.sleep(10_000);
      ETCD.restart();
      // etcd kept the leases while it was away and extends them by a TTL as it returns: a lease
      // that its node does not take up again expires within that
      Thread.sleep(LEASE_TTL.toMillis() + 1_000);
    } finally {
      reader.interrupt();
      reader.join();
    }

    assertEquals(leasesBefore, memberLeases(), "each node is registered under the lease it had");
    try (Client client = Client.builder().endpoints(ETCD.endpoint()).build()) {
      for (long lease : leasesBefore.values()) {
        assertTrue(client.getLeaseClient().timeToLive(lease, LeaseOption.DEFAULT)
            .get(3, TimeUnit.SECONDS).getTTL() > 0, "lease " + lease + " is kept alive");
      }
    }
    assertEquals(0, failures.get(), "failed reads of " + reads.get() + ", the first: " + failureMessages);
    assertTrue(reads.get() > 100, "reads made: " + reads.get());
    assertEquals(3, fewestMembers.get(), "no node saw a member leave");
    awaitOneRing(nodes, 3, Duration.ofSeconds(5));
  }

  @Test
  void aNodeWhoseLeaseExpiredRegistersAgainWithANewLease() throws Exception {
    List<CacheManager> nodes = List.of(start("a"), start("b"));
    awaitOneRing(nodes, 2, Duration.ofSeconds(5));
    long lost = memberLeases().get("b");

    // what etcd does to a lease it heard nothing of within its TTL
    try (Client client = Client.builder().endpoints(ETCD.endpoint()).build()) {
      client.getLeaseClient().revoke(lost).get(3, TimeUnit.SECONDS);
    }

    await(Duration.ofSeconds(5), () -> {
      Long lease = memberLeases().get("b");
      return lease != null && lease != lost;
    }, () -> "b is not registered again under a new lease: " + memberLeases());
    awaitOneRing(nodes, 2, Duration.ofSeconds(5));
  }

  @Test
  void aNodeThatStartsLaterKnowsEveryCacheDefinedBefore() {
    CacheManager a = start("a");
    a.createCache("early", readThrough());
    a.getCache("early", String.class, String.class).put("k", "v");

    CacheManager later = start("later");
    awaitOneRing(List.of(a, later), 2, Duration.ofSeconds(5));

    Cache<String, String> known = later.getCache("early", String.class, String.class);
    assertTrue(known != null, "the later node knows cache early");
    assertEquals("cba", known.get("abc"));
    assertEquals("v", known.get("k"));
  }

  @Test
  void cacheDefinitionsAreReadableInEtcdAndDestroyRemovesThemEverywhere() throws Exception {
    CacheManager a = start("a");
    CacheManager b = start("b");
    awaitOneRing(List.of(a, b), 2, Duration.ofSeconds(5));
    a.createCache("listed", readThrough());
    String prefix = "/peanutcache/" + cluster + "/caches/";
    Map<String, String> stored = ETCD.read(prefix);
    assertEquals(1, stored.size(), stored.toString());
    String json = stored.values().iterator().next();
    assertTrue(json.startsWith("{\"uri\":\"" + URI + "\",\"name\":\"listed\",\"description\":\""), json);
    assertTrue(stored.containsKey(prefix + java.net.URLEncoder.encode(URI.toString(), StandardCharsets.UTF_8) + "/listed"),
        stored.toString());
    assertTrue(b.getCache("listed", String.class, String.class) != null);

    a.destroyCache("listed");

    assertEquals(Map.of(), ETCD.read(prefix));
    await(Duration.ofSeconds(2), () -> b.getCache("listed") == null, () -> "node b still has cache listed");
    CacheManager later = start("later");
    assertEquals(null, later.getCache("listed"));
  }

  @Test
  void aDifferentDefinitionOfACacheInEtcdIsRefusedShowingBoth() {
    CacheManager a = start("a");
    a.createCache("defined", readThrough());
    CacheManager b = start("b");
    b.getCache("defined").close();

    CacheException refused = assertThrows(CacheException.class, () -> b.createCache("defined",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class)));

    String key = "/peanutcache/" + cluster + "/caches/"
        + java.net.URLEncoder.encode(URI.toString(), StandardCharsets.UTF_8) + "/defined";
    assertTrue(refused.getMessage().contains("exists in etcd at " + key + " with another configuration"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("allowed: an equal configuration"), refused.getMessage());
  }

  @Test
  void eachNodeShowsItsViewThroughJmx() throws Exception {
    List<CacheManager> nodes = List.of(start("a"), start("b"), start("c"));
    awaitOneRing(nodes, 3, Duration.ofSeconds(5));
    javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();

    int owned = 0;
    for (String name : List.of("a", "b", "c")) {
      javax.management.ObjectName bean = new javax.management.ObjectName("io.peanutcache:type=Node,name=" + name);
      String[] members = (String[]) server.getAttribute(bean, "Members");
      assertEquals(3, members.length, List.of(members).toString());
      assertTrue(members[0].startsWith("a=127.0.0.1:"), members[0]);
      assertEquals(view(nodes.get(0)).epoch(), server.getAttribute(bean, "Epoch"));
      assertEquals(271, server.getAttribute(bean, "PartitionCount"));
      assertTrue(((String) server.getAttribute(bean, "Membership")).startsWith("etcd [" + ETCD.endpoint() + "]"));
      owned += (Integer) server.getAttribute(bean, "PartitionsOwned");
    }
    assertEquals(271, owned, "every partition has one owner");

    nodes.get(2).close();
    assertTrue(!server.isRegistered(new javax.management.ObjectName("io.peanutcache:type=Node,name=c")));
    awaitOneRing(nodes.subList(0, 2), 2, Duration.ofSeconds(2));
    assertEquals(2, ((String[]) server.getAttribute(
        new javax.management.ObjectName("io.peanutcache:type=Node,name=a"), "Members")).length);
  }

  /** Each member key of this test's cluster and the lease it lives under, read from etcd. */
  private Map<String, Long> memberLeases() {
    String prefix = "/peanutcache/" + cluster + "/members/";
    try (Client client = Client.builder().endpoints(ETCD.endpoint()).build()) {
      List<KeyValue> kvs = client.getKVClient().get(ByteSequence.from(prefix, StandardCharsets.UTF_8),
          GetOption.builder().isPrefix(true).build()).get(3, TimeUnit.SECONDS).getKvs();
      Map<String, Long> leases = new HashMap<>();
      for (KeyValue kv : kvs) {
        leases.put(kv.getKey().toString(StandardCharsets.UTF_8).substring(prefix.length()), kv.getLease());
      }
      return leases;
    } catch (Exception e) {
      return Map.of();
    }
  }
}
