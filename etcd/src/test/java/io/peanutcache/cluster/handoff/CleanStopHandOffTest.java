package io.peanutcache.cluster.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.testing.Await;
import io.peanutcache.etcd.testing.EtcdServer;
import io.peanutcache.testing.EveryEventListener;
import io.peanutcache.testing.InJvmCluster;
import io.peanutcache.testing.NodeJvm;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes through a real etcd, holding entries that only the cache has (no loader behind
 * them), are stopped cleanly and started again one at a time, as a deployment does: no entry is
 * lost at any step, entries keep their expiry, and listeners hear of no change.
 */
@SuppressWarnings("unchecked")
class CleanStopHandOffTest {

  static final int ENTRIES = 3_000;

  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  @RegisterExtension
  final InJvmCluster ring = InJvmCluster.of(3).etcd(ETCD::endpoint).uri(URI.create("urn:peanutcache:clean-stop-hand-off"))
      .with("peanutcache.rpc.timeout", "5s");

  private static MutableConfiguration<String, String> onlyInTheCache() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  private Cache<String, String> sessions(int node) {
    return ring.manager(node).getCache("sessions", String.class, String.class);
  }

  private static Map<String, String> entries() {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < ENTRIES; i++) {
      entries.put("session-" + i, "value-" + i);
    }
    return entries;
  }

  /** The keys of {@code expected} that node {@code node} does not find with their values. */
  private Set<String> missing(int node, Map<String, String> expected) {
    Map<String, String> found = sessions(node).getAll(expected.keySet());
    Set<String> missing = new TreeSet<>();
    expected.forEach((key, value) -> {
      if (!value.equals(found.get(key))) {
        missing.add(key);
      }
    });
    return missing;
  }

  private void assertEveryEntryOn(List<Integer> nodes, Map<String, String> expected, String step) {
    for (int node : nodes) {
      Set<String> missing = missing(node, expected);
      assertTrue(missing.isEmpty(), () -> step + ": node " + ring.name(node) + " misses " + missing.size() + " of "
          + expected.size() + " entries, such as " + missing.stream().limit(5).toList());
    }
  }

  private void awaitMembers(List<Integer> nodes, int count) {
    Await.until(Duration.ofSeconds(30), () -> nodes.stream().allMatch(node ->
            ring.manager(node).unwrap(io.peanutcache.jcache.PeanutCacheManager.class).nodeStatus().orElseThrow()
                .members().size() == count),
        () -> "the nodes " + nodes + " did not see " + count + " members");
  }

  @Test
  void aRollingRestartLosesNoEntryAtAnyStep() {
    ring.manager(0).createCache("sessions", onlyInTheCache());
    Map<String, String> expected = entries();
    sessions(0).putAll(expected);
    assertEveryEntryOn(List.of(0, 1, 2), expected, "before the restart");

    Events heard = new Events();
    sessions(2).registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(heard), null, false, true));

    for (int stopped = 0; stopped < 3; stopped++) {
      List<Integer> others = new ArrayList<>(List.of(0, 1, 2));
      others.remove(Integer.valueOf(stopped));
      ring.stop(stopped);
      awaitMembers(others, 2);
      assertEveryEntryOn(others, expected, "once " + ring.name(stopped) + " stopped");

      ring.restart(stopped);
      awaitMembers(List.of(0, 1, 2), 3);
      assertEveryEntryOn(List.of(stopped), expected, "once " + ring.name(stopped) + " started again");
      if (stopped < 2) {
        assertEquals(List.of(), heard.events, "listeners heard of entries that only moved");
      }
    }
    assertEveryEntryOn(List.of(0, 1, 2), expected, "after the restart");
  }

  @Test
  void aNodeWhoseJvmIsTerminatedHandsItsPartitionsOverFirst() throws Exception {
    NodeJvm fourth = ring.addInOtherJvm("node-4");
    awaitMembers(List.of(0, 1, 2), 4);
    ring.manager(0).createCache("sessions", onlyInTheCache());
    Map<String, String> expected = entries();
    sessions(0).putAll(expected);
    PeanutCache<String, String> peanut = sessions(0).unwrap(PeanutCache.class);
    long onTheFourth = expected.keySet().stream().filter(key -> peanut.ownerOf(key).equals("node-4")).count();
    assertTrue(onTheFourth > ENTRIES / 8, onTheFourth + " of " + ENTRIES + " entries live on node-4");

    fourth.terminate(); // SIGTERM: the JVM's shutdown stops its node cleanly
    awaitMembers(List.of(0, 1, 2), 3);
    assertEveryEntryOn(List.of(0, 1, 2), expected, "once the JVM of node-4 was terminated");
  }

  @Test
  void movedEntriesKeepTheirExpiry() throws Exception {
    ring.manager(0).createCache("expiring", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(
            java.util.concurrent.TimeUnit.SECONDS, 6))));
    Cache<String, String> fromZero = ring.manager(0).getCache("expiring", String.class, String.class);
    String key = ring.keyOwnedBy(1, "expires-");
    long putAt = System.nanoTime();
    fromZero.put(key, "soon gone");
    // half its life gone: an entry that moved with a fresh expiry would outlive the check below
    Thread.sleep(3_000);

    ring.stop(1);
    awaitMembers(List.of(0, 2), 2);
    assertEquals("soon gone", fromZero.get(key), "the entry moved with its owner's stop");

    long sincePut = System.nanoTime() - putAt;
    Thread.sleep(Math.max(0, Duration.ofSeconds(8).toNanos() - sincePut) / 1_000_000);
    assertNull(fromZero.get(key), "the entry outlived the expiry it was created with");
  }

  /** Records every event a listener hears. */
  public static final class Events extends EveryEventListener<String, String> {

    private static final long serialVersionUID = 1L;

    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    protected void heard(Iterable<CacheEntryEvent<? extends String, ? extends String>> heard) {
      heard.forEach(event -> events.add(event.getEventType() + " " + event.getKey()));
    }
  }
}
