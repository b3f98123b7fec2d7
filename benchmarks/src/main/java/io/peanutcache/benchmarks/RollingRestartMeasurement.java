package io.peanutcache.benchmarks;

import io.peanutcache.cluster.Nodes;
import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.testing.FreePorts;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * Measures a rolling restart of three nodes through a real etcd holding entries that only the
 * cache has: each node is stopped cleanly (its partitions handed to their new owners) and started
 * again (it takes its partitions back from them), in turn. Prints, for every step, how long the
 * hand-off took, how many entries moved and at what rate, and how many entries the cluster holds
 * after it. Not a JMH benchmark: a hand-off is a one-time event of seconds, timed once.
 *
 * <p>The three nodes run in this JVM, each with a CacheManager of its own, and etcd (Debian's
 * {@code etcd-server}) runs as a process of its own on free loopback ports.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.peanutcache.benchmarks.RollingRestartMeasurement [entries]} (default 1,000,000 entries of a
 * 16-character key and a 100-byte value).
 */
public final class RollingRestartMeasurement {

  private static final int BATCH = 10_000;
  private static final int VALUE_BYTES = 100;
  private static final URI URI = java.net.URI.create("urn:peanutcache:rolling-restart");

  private final List<String> addresses = FreePorts.loopbackAddresses(3);
  private final CacheManager[] managers = new CacheManager[3];
  private final String endpoint;

  private RollingRestartMeasurement(String endpoint) {
    this.endpoint = endpoint;
  }

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path data = Files.createTempDirectory("peanutcache-rolling-restart-etcd-");
    List<Integer> ports = FreePorts.ports(2);
    String client = "http://127.0.0.1:" + ports.get(0);
    String peer = "http://127.0.0.1:" + ports.get(1);
    Process etcd = new ProcessBuilder("etcd", "--name", "n1", "--data-dir", data.toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
        "--initial-advertise-peer-urls", peer, "--initial-cluster", "n1=" + peer)
        .redirectErrorStream(true).redirectOutput(data.resolve("etcd.log").toFile()).start();
    RollingRestartMeasurement ring = new RollingRestartMeasurement(client);
    try {
      ring.run(entries);
    } finally {
      for (int node = 0; node < 3; node++) {
        if (ring.managers[node] != null && !ring.managers[node].isClosed()) {
          ring.managers[node].close();
        }
      }
      etcd.destroy();
      etcd.waitFor();
      try (var files = Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private void start(int node) {
    Properties settings = new Properties();
    settings.setProperty("peanutcache.bind", addresses.get(node));
    settings.setProperty("peanutcache.node.name", name(node));
    settings.setProperty("peanutcache.etcd.endpoints", endpoint);
    settings.setProperty("peanutcache.cluster", "rolling-restart");
    managers[node] = new PeanutCachingProvider().getCacheManager(URI, RollingRestartMeasurement.class.getClassLoader(),
        settings);
  }

  private void stop(int node) {
    managers[node].close();
  }

  private static String name(int node) {
    return "node-" + (node + 1);
  }

  private void run(int entries) throws InterruptedException {
    for (int node = 0; node < 3; node++) {
      start(node);
    }
    awaitJoined(0);
    managers[0].createCache("data", new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    long start = System.nanoTime();
    for (int from = 0; from < entries; from += BATCH) {
      Map<String, byte[]> batch = new HashMap<>();
      for (int i = from; i < Math.min(entries, from + BATCH); i++) {
        batch.put(key(i), value(i));
      }
      data(0).putAll(batch);
    }
    System.out.printf("put %,d entries in %,d ms%n", entries, millisSince(start));
    System.out.printf("present: %,d%n", present(1, entries));

    for (int node = 0; node < 3; node++) {
      int reader = (node + 1) % 3;
      long owned = ownedBy(reader, name(node), entries);
      long stopAt = System.nanoTime();
      stop(node);
      long stopMillis = millisSince(stopAt);
      System.out.printf("stop %s: %,d entries handed over in %,d ms (%s); present after: %,d%n", name(node),
          owned, stopMillis, rate(owned, stopMillis), present(reader, entries));

      long startAt = System.nanoTime();
      start(node);
      awaitJoined(node);
      long joinMillis = millisSince(startAt);
      long back = ownedBy(node, name(node), entries);
      System.out.printf("start %s: %,d entries taken over in %,d ms, start included (%s); present after: %,d%n",
          name(node), back, joinMillis, rate(back, joinMillis), present(node, entries));
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

  private Cache<String, byte[]> data(int node) {
    return managers[node].getCache("data", String.class, byte[].class);
  }

  /** How many of the entries node {@code reader} finds, read in batches. */
  private long present(int reader, int entries) {
    long found = 0;
    Cache<String, byte[]> cache = data(reader);
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
  private long ownedBy(int viewer, String owner, int entries) {
    PeanutCache<String, byte[]> cache = data(viewer).unwrap(PeanutCache.class);
    long owned = 0;
    for (int i = 0; i < entries; i++) {
      owned += cache.ownerOf(key(i)).equals(owner) ? 1 : 0;
    }
    return owned;
  }

  /** Waits until every node sees three members and the restarted one has its partitions. */
  private void awaitJoined(int node) throws InterruptedException {
    List<Integer> all = new ArrayList<>(List.of(0, 1, 2));
    while (!all.stream().allMatch(i -> managers[i].unwrap(PeanutCacheManager.class).nodeStatus().orElseThrow()
        .members().size() == 3) || Nodes.of(managers[node]).gate().arriving() > 0) {
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
