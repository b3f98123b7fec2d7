package io.peanutcache.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.cluster.Nodes;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.testing.Await;
import io.peanutcache.etcd.testing.EtcdServer;
import io.peanutcache.testing.InJvmCluster;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nodes that live through etcd going away and coming back, again and again, counted by etcd's own
 * metrics: each node keeps one watch of the members and one of the cache definitions, whatever
 * happened before.
 */
class EtcdOutagesTest {

  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  private static final URI URI = java.net.URI.create("urn:peanutcache:etcd-outages-test");
  private static final String WATCHERS = "etcd_debugging_mvcc_watcher_total";
  private static final String STREAMS = "etcd_debugging_mvcc_watch_stream_total";
  /** The reads etcd has answered: a watch that keeps being replaced reads each time. */
  private static final String READS = "etcd_mvcc_range_total";
  private static final int OUTAGES = 5;

  @RegisterExtension
  final InJvmCluster ring = InJvmCluster.of(3).etcd(ETCD::endpoint).uri(URI)
      .with("peanutcache.etcd.lease-ttl", "5s").with("peanutcache.rpc.timeout", "2s");

  @Test
  void fiveOutagesInARowLeaveEveryNodeWithOneWatchOfEach() throws Exception {
    List<CacheManager> nodes = List.of(ring.manager(0), ring.manager(1), ring.manager(2));
    Cache<String, String> before = nodes.get(0).createCache("before", strings());
    before.put("k", "v");
    awaitOneRing(nodes);
    // two watches a node: the members and the cache definitions
    long expected = 2L * nodes.size();
    await(() -> count(WATCHERS) == expected && count(STREAMS) == expected,
        () -> "the nodes do not watch etcd once each before the outages: " + counts());
    List<String> measured = new ArrayList<>(List.of("before: " + counts()));

    for (int outage = 1; outage <= OUTAGES; outage++) {
      ETCD.stop();
      Thread.sleep(1_500);
      ETCD.restart();
      awaitOneRing(nodes);
      await(() -> count(WATCHERS) == expected && count(STREAMS) == expected,
          () -> "the nodes do not watch etcd once each after the outages: " + measured + ", now " + counts());
      measured.add("after outage " + outage + ": " + counts());
    }
    // a watch left behind comes back on its own schedule: give it time to show
    Thread.sleep(3_000);
    measured.add("3 s later: " + counts());
    System.out.println("etcd watchers of " + nodes.size() + " nodes across " + OUTAGES + " outages: " + measured);
    assertEquals(expected, count(WATCHERS), measured.toString());
    assertEquals(expected, count(STREAMS), measured.toString());
    // and none of them reads etcd again and again while nothing changes
    long reads = count(READS);
    Thread.sleep(3_000);
    long idleReads = count(READS) - reads;
    System.out.println("reads of etcd in 3 s while nothing changed: " + idleReads);
    assertTrue(idleReads < nodes.size(), idleReads + " reads of etcd in 3 s while nothing changed");

    // the watches that remain are live: a definition and a member change still arrive
    nodes.get(1).createCache("after", strings());
    CacheId after = new CacheId(URI.toString(), "after");
    await(() -> nodes.stream().allMatch(node -> Nodes.of(node).caches().get(after) != null),
        () -> "a cache defined after the outages does not arrive on every node");
    ring.stop(2);
    List<CacheManager> staying = nodes.subList(0, 2);
    await(() -> staying.stream().allMatch(node -> view(node).members().size() == 2
        && view(node).epoch() == view(staying.get(0)).epoch()),
        () -> "the others do not see a node leave after the outages: " + views(staying));
    assertEquals("v", nodes.get(1).getCache("before", String.class, String.class).get("k"));
  }

  private static MutableConfiguration<String, String> strings() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  private static ClusterView view(CacheManager manager) {
    return Nodes.of(manager).view();
  }

  /** Waits until every node sees all of them, at one epoch. */
  private static void awaitOneRing(List<CacheManager> nodes) {
    await(() -> nodes.stream().allMatch(node -> view(node).members().size() == nodes.size()
        && view(node).epoch() == view(nodes.get(0)).epoch()),
        () -> "no agreement on a ring of " + nodes.size() + ": " + views(nodes));
  }

  private static List<String> views(List<CacheManager> nodes) {
    return nodes.stream().map(node -> view(node).toString()).toList();
  }

  private static String counts() {
    return WATCHERS + "=" + count(WATCHERS) + " " + STREAMS + "=" + count(STREAMS);
  }

  /** One of etcd's gauges, -1 while etcd does not answer. */
  private static long count(String metric) {
    try {
      return ETCD.metric(metric);
    } catch (IOException notYet) {
      return -1;
    }
  }

  private static void await(BooleanSupplier condition, Supplier<String> failure) {
    Await.until(Duration.ofSeconds(30), condition, failure);
  }
}
