package io.peanutcache.benchmarks;

import io.peanutcache.cluster.Nodes;
import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.testing.EtcdServer;
import io.peanutcache.testing.InJvmCluster;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;

/**
 * Measures a rolling restart of three nodes through a real etcd holding entries that only the
 * cache has: each node is stopped cleanly (its partitions handed to their new owners) and started
 * again (it takes its partitions back from them), in turn. Prints, for every step, how long the
 * hand-off took, how many entries and bytes moved, and how many entries the cluster holds after
 * it. Not a JMH benchmark: a hand-off is a one-time event of seconds, timed once.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.peanutcache.benchmarks.RollingRestartMeasurement [entries]} (default 1,000,000 entries of a
 * 16-character key and a 100-byte value).
 */
public final class RollingRestartMeasurement {

  private static final int BATCH = 10_000;
  private static final int VALUE_BYTES = 100;

  private RollingRestartMeasurement() {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    EtcdServer etcd = new EtcdServer();
    etcd.beforeAll(null);
    InJvmCluster ring = InJvmCluster.of(3).etcd(etcd).uri(URI.create("urn:peanutcache:rolling-restart"));
    try {
      ring.start();
      ring.manager(0).createCache("data", new MutableConfiguration<String, byte[]>()
          .setTypes(String.class, byte[].class));
      long start = System.nanoTime();
      for (int from = 0; from < entries; from += BATCH) {
        Map<String, byte[]> batch = new HashMap<>();
        for (int i = from; i < Math.min(entries, from + BATCH); i++) {
          batch.put(key(i), value(i));
        }
        data(ring, 0).putAll(batch);
      }
      System.out.printf("put %,d entries in %,d ms%n", entries, millisSince(start));
      System.out.printf("present: %,d%n", present(ring, 1, entries));

      for (int node = 0; node < 3; node++) {
        int reader = (node + 1) % 3;
        long owned = ownedBy(ring, reader, ring.name(node), entries);
        long stopAt = System.nanoTime();
        ring.stop(node);
        long stopMillis = millisSince(stopAt);
        System.out.printf("stop %s: %,d entries handed over in %,d ms (%s); present after: %,d%n", ring.name(node),
            owned, stopMillis, rate(owned, stopMillis), present(ring, reader, entries));

        long startAt = System.nanoTime();
        ring.restart(node);
        awaitJoined(ring, node);
        long joinMillis = millisSince(startAt);
        long back = ownedBy(ring, node, ring.name(node), entries);
        System.out.printf("start %s: %,d entries taken over in %,d ms, start included (%s); present after: %,d%n",
            ring.name(node), back, joinMillis, rate(back, joinMillis), present(ring, node, entries));
      }
    } finally {
      ring.close();
      etcd.afterAll(null);
    }
  }

  private static String key(int i) {
    return String.format("key-%012d", i);
  }

  private static byte[] value(int i) {
    byte[] value = new byte[VALUE_BYTES];
    for (int b = 0; b < value.length; b++) {
      value[b] = (byte) (i + b);
    }
    return value;
  }

  private static Cache<String, byte[]> data(InJvmCluster ring, int node) {
    return ring.manager(node).getCache("data", String.class, byte[].class);
  }

  /** How many of the entries node {@code reader} finds, read in batches. */
  private static long present(InJvmCluster ring, int reader, int entries) {
    long found = 0;
    Cache<String, byte[]> cache = data(ring, reader);
    for (int from = 0; from < entries; from += BATCH) {
      Set<String> keys = new TreeSet<>();
      for (int i = from; i < Math.min(entries, from + BATCH); i++) {
        keys.add(key(i));
      }
      found += cache.getAll(keys).size();
    }
    return found;
  }

  /** How many of the entries {@code owner} owns by node {@code viewer}'s view. */
  @SuppressWarnings("unchecked")
  private static long ownedBy(InJvmCluster ring, int viewer, String owner, int entries) {
    PeanutCache<String, byte[]> cache = data(ring, viewer).unwrap(PeanutCache.class);
    long owned = 0;
    for (int i = 0; i < entries; i++) {
      owned += cache.ownerOf(key(i)).equals(owner) ? 1 : 0;
    }
    return owned;
  }

  /** Waits until every node sees three members and the restarted one has its partitions. */
  private static void awaitJoined(InJvmCluster ring, int node) throws InterruptedException {
    List<Integer> all = new ArrayList<>(List.of(0, 1, 2));
    while (!all.stream().allMatch(i -> ring.manager(i).unwrap(PeanutCacheManager.class).nodeStatus().orElseThrow()
        .members().size() == 3) || Nodes.of(ring.manager(node)).gate().arriving() > 0) {
      Thread.sleep(5);
    }
  }

  /** Entries and megabytes (of keys and values as they travel) per second. */
  private static String rate(long entries, long millis) {
    double seconds = Math.max(1, millis) / 1000.0;
    double megabytes = entries * (2.0 + 16 + 5 + VALUE_BYTES) / 1_000_000.0;
    return String.format("%,.0f entries/s, %.1f MB/s", entries / seconds, megabytes / seconds);
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
