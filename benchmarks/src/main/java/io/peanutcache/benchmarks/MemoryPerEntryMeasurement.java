package io.peanutcache.benchmarks;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.cache.HazelcastMemberCachingProvider;
import com.hazelcast.config.CacheConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.peanutcache.testing.FreePorts;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.management.ObjectName;

/**
 * Measures the heap that the entries of one cache take, per entry, for PeanutCache (embedded),
 * Caffeine's JCache provider and one Hazelcast member, each in a fresh JVM of its own.
 *
 * <p>Each run fills a cache of {@code String} keys of 16 ASCII characters ({@code
 * "key-000000000042"}) and distinct 100-byte {@code byte[]} values, by {@code put}, one key at a
 * time. Before and after the fill the JVM is collected until its used heap stops moving (full GCs
 * through {@code System.gc()}), and a class histogram of the live objects is taken (the
 * {@code GC.class_histogram} diagnostic command, itself a full GC); bytes per entry are the
 * difference divided by the number of entries. The program keeps no reference to the keys or
 * values it put: whatever of them is still live after the fill is held by the cache. After the
 * measurement the run fails unless the cache still holds every entry: iterating it must give each
 * key once with its value, and a get of every 1,000th key must return its value.
 *
 * <p>Before the first measurement the cache has been used (2,000 other keys put, read and
 * removed), so that what a provider builds on first use — per-partition stores, buffers — is in
 * the baseline and not counted per entry.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.peanutcache.benchmarks.MemoryPerEntryMeasurement [entries] [provider/mode ...]}: by default
 * 1,000,000 entries and every run ({@code peanutcache}, {@code caffeine}, {@code hazelcast} ×
 * {@code by-value}, {@code by-value-expiry}, plus {@code by-reference} for the first two), each in
 * a child JVM with {@code -Xmx4g -XX:+UseG1GC}.
 */
public final class MemoryPerEntryMeasurement {

  /** The child JVM's options, the same for every provider. */
  static final List<String> CHILD_JVM_OPTIONS = List.of("-Xmx4g", "-XX:+UseG1GC");

  private static final String CACHE_NAME = "memory";
  private static final int VALUE_BYTES = 100;
  private static final int WARM_UP_KEYS = 2_000;
  private static final int HISTOGRAM_ROWS = 12;
  private static final String RESULT = "RESULT ";
  private static final Pattern HISTOGRAM_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  /** How the cache keeps what it is given. */
  enum Mode {
    /** Store-by-value, no expiry (JSR-107's defaults). */
    BY_VALUE("by-value", true, false),
    /** Store-by-value, every entry expiring an hour after its creation. */
    BY_VALUE_EXPIRY("by-value-expiry", true, true),
    /** Store-by-reference, no expiry. */
    BY_REFERENCE("by-reference", false, false);

    final String label;
    final boolean storeByValue;
    final boolean expiring;

    Mode(String label, boolean storeByValue, boolean expiring) {
      this.label = label;
      this.storeByValue = storeByValue;
      this.expiring = expiring;
    }

    static Mode of(String label) {
      return Arrays.stream(values()).filter(mode -> mode.label.equals(label)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown mode " + label
              + "; allowed: by-value, by-value-expiry, by-reference"));
    }
  }

  private MemoryPerEntryMeasurement() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(args[1], Mode.of(args[2]), Integer.parseInt(args[3]));
      return;
    }
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    List<String> runs = args.length > 1 ? List.of(args).subList(1, args.length) : List.of(
        "peanutcache/by-value", "caffeine/by-value", "hazelcast/by-value",
        "peanutcache/by-value-expiry", "caffeine/by-value-expiry", "hazelcast/by-value-expiry",
        "peanutcache/by-reference", "caffeine/by-reference");
    List<String> results = new ArrayList<>();
    for (String run : runs) {
      String[] parts = run.split("/");
      results.add(inChildJvm(parts[0], Mode.of(parts[1]), entries));
    }
    System.out.printf("%n%,d entries, child JVMs with %s%n", entries, String.join(" ", CHILD_JVM_OPTIONS));
    System.out.println("| provider | mode | heap before | heap after | heap B/entry | live objects B/entry |");
    System.out.println("|---|---|---:|---:|---:|---:|");
    for (String result : results) {
      String[] f = result.split(" ");
      long before = Long.parseLong(f[3]);
      long after = Long.parseLong(f[4]);
      long liveBefore = Long.parseLong(f[5]);
      long liveAfter = Long.parseLong(f[6]);
      int n = Integer.parseInt(f[2]);
      System.out.printf("| %s | %s | %.1f MB | %.1f MB | %.1f | %.1f |%n", f[0], f[1], before / 1e6, after / 1e6,
          (after - before) / (double) n, (liveAfter - liveBefore) / (double) n);
    }
  }

  /** Runs one measurement in a JVM of its own, echoes its output and returns its result line. */
  private static String inChildJvm(String provider, Mode mode, int entries) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.addAll(CHILD_JVM_OPTIONS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), MemoryPerEntryMeasurement.class.getName(),
        "--child", provider, mode.label, Integer.toString(entries)));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String result = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        System.out.println(line);
        if (line.startsWith(RESULT)) {
          result = line.substring(RESULT.length());
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0 || result == null) {
      throw new IllegalStateException(provider + "/" + mode.label + ": the child JVM exited with " + exit
          + (result == null ? " and no result" : ""));
    }
    return result;
  }

  /** One measurement, in this JVM. */
  private static void child(String provider, Mode mode, int entries) throws Exception {
    System.out.printf("%n== %s, %s, %,d entries (%s)%n", provider, mode.label, entries,
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    try (Opened opened = open(provider, mode)) {
      Cache<String, byte[]> cache = opened.cache();
      for (int i = 0; i < WARM_UP_KEYS; i++) {
        String key = String.format("warm-%011d", i);
        cache.put(key, value(i));
        cache.get(key);
      }
      for (int i = 0; i < WARM_UP_KEYS; i++) {
        cache.remove(String.format("warm-%011d", i));
      }
      long heapBefore = settledHeap();
      Map<String, long[]> histogramBefore = histogram();
      long fillStart = System.nanoTime();
      for (int i = 0; i < entries; i++) {
        cache.put(key(i), value(i));
      }
      long fillMillis = (System.nanoTime() - fillStart) / 1_000_000;
      long heapAfter = settledHeap();
      Map<String, long[]> histogramAfter = histogram();
      check(cache, entries);

      long liveBefore = histogramBefore.get("Total")[1];
      long liveAfter = histogramAfter.get("Total")[1];
      System.out.printf("filled in %,d ms; used heap after full GCs: %,d -> %,d bytes = %.1f B/entry;"
          + " live objects (class histogram): %,d -> %,d bytes = %.1f B/entry%n", fillMillis, heapBefore,
          heapAfter, (heapAfter - heapBefore) / (double) entries, liveBefore, liveAfter,
          (liveAfter - liveBefore) / (double) entries);
      printGrowth(histogramBefore, histogramAfter, entries);
      System.out.println(RESULT + provider + " " + mode.label + " " + entries + " " + heapBefore + " " + heapAfter
          + " " + liveBefore + " " + liveAfter);
    }
  }

  /** A cache of the provider in the mode, and what to close when done with it. */
  private record Opened(Cache<String, byte[]> cache, AutoCloseable resources) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      resources.close();
    }
  }

  private static Opened open(String provider, Mode mode) {
    MutableConfiguration<String, byte[]> configuration = new MutableConfiguration<String, byte[]>()
        .setTypes(String.class, byte[].class)
        .setStoreByValue(mode.storeByValue)
        .setStatisticsEnabled(false)
        .setManagementEnabled(false);
    if (mode.expiring) {
      configuration.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.HOURS, 1)));
    }
    switch (provider) {
      case "peanutcache", "caffeine" -> {
        CacheManager manager = Caching.getCachingProvider(LocalCacheBenchmark.CacheState.providerClassName(provider))
            .getCacheManager();
        return new Opened(manager.createCache(CACHE_NAME, configuration), manager::close);
      }
      case "hazelcast" -> {
        if (!mode.storeByValue) {
          throw new IllegalArgumentException("hazelcast is measured by value only");
        }
        return hazelcast(configuration);
      }
      default -> throw new IllegalArgumentException("unknown provider " + provider
          + "; allowed: peanutcache, caffeine, hazelcast");
    }
  }

  /**
   * One Hazelcast member alone on a loopback port (no join), reached through its member-side JCache
   * provider; the cache has no backups and no entry-count bound (a Hazelcast cache otherwise evicts
   * past 10,000 entries per member).
   */
  private static Opened hazelcast(MutableConfiguration<String, byte[]> configuration) {
    Logger.getLogger("com.hazelcast").setLevel(Level.WARNING);
    String address = FreePorts.loopbackAddresses(1).get(0);
    Config config = new Config();
    config.setClusterName("memory-" + UUID.randomUUID());
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getJetConfig().setEnabled(false);
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1))).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    network.getRestApiConfig().setEnabled(false);
    network.getJoin().getMulticastConfig().setEnabled(false);
    network.getJoin().getAutoDetectionConfig().setEnabled(false);
    network.getJoin().getTcpIpConfig().setEnabled(false);
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    CacheManager manager = new HazelcastMemberCachingProvider().getCacheManager(HazelcastCluster.URI,
        MemoryPerEntryMeasurement.class.getClassLoader(), HazelcastCachingProvider.propertiesByInstanceItself(member));
    CacheConfig<String, byte[]> unbounded = new CacheConfig<>(configuration);
    unbounded.setEvictionConfig(new EvictionConfig().setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT)
        .setSize(Integer.MAX_VALUE));
    unbounded.setBackupCount(0).setAsyncBackupCount(0);
    Cache<String, byte[]> cache = manager.createCache(CACHE_NAME, unbounded);
    return new Opened(cache, () -> {
      manager.close();
      member.shutdown();
    });
  }

  static String key(int i) {
    return String.format("key-%012d", i);
  }

  /** A {@value #VALUE_BYTES}-byte value that no other index has: its first four bytes are {@code i}. */
  static byte[] value(int i) {
    byte[] value = new byte[VALUE_BYTES];
    for (int b = 0; b < VALUE_BYTES; b++) {
      value[b] = (byte) (i * 31 + b);
    }
    value[0] = (byte) (i >>> 24);
    value[1] = (byte) (i >>> 16);
    value[2] = (byte) (i >>> 8);
    value[3] = (byte) i;
    return value;
  }

  /** Fails unless the cache holds exactly the entries put, each with its value. */
  private static void check(Cache<String, byte[]> cache, int entries) {
    boolean[] seen = new boolean[entries];
    int count = 0;
    for (Cache.Entry<String, byte[]> entry : cache) {
      int i = Integer.parseInt(entry.getKey().substring(4));
      if (seen[i] || !Arrays.equals(entry.getValue(), value(i))) {
        throw new IllegalStateException("iteration gave " + entry.getKey() + (seen[i] ? " twice" : " a wrong value"));
      }
      seen[i] = true;
      count++;
    }
    if (count != entries) {
      throw new IllegalStateException("the cache holds " + count + " entries, not the " + entries + " put");
    }
    for (int i = 0; i < entries; i += 1_000) {
      if (!Arrays.equals(cache.get(key(i)), value(i))) {
        throw new IllegalStateException("a get of " + key(i) + " did not return its value");
      }
    }
    System.out.printf("checked: iteration gave all %,d entries with their values, and %,d gets their values%n",
        count, (entries + 999) / 1_000);
  }

  /** The used heap after full GCs, once two in a row leave it within 64 KB of each other. */
  private static long settledHeap() throws InterruptedException {
    long previous = Long.MAX_VALUE;
    for (int round = 0; round < 20; round++) {
      System.gc();
      Thread.sleep(100);
      long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (Math.abs(used - previous) < 64 * 1024) {
        return used;
      }
      previous = used;
    }
    return previous;
  }

  /** The live objects by class, {instances, bytes}, and their total under "Total". */
  private static Map<String, long[]> histogram() throws Exception {
    String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
    Map<String, long[]> classes = new HashMap<>();
    long instances = 0;
    long bytes = 0;
    for (String line : text.split("\n")) {
      Matcher matcher = HISTOGRAM_LINE.matcher(line);
      if (matcher.find()) {
        long[] row = {Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))};
        classes.merge(matcher.group(3), row, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        instances += row[0];
        bytes += row[1];
      }
    }
    classes.put("Total", new long[] {instances, bytes});
    return classes;
  }

  /** Prints the classes whose live bytes grew most with the fill, per entry. */
  private static void printGrowth(Map<String, long[]> before, Map<String, long[]> after, int entries) {
    System.out.println("  instances/entry  bytes/entry  class (live objects added by the fill)");
    after.entrySet().stream()
        .filter(e -> !e.getKey().equals("Total"))
        .map(e -> {
          long[] was = before.getOrDefault(e.getKey(), new long[2]);
          return Map.entry(e.getKey(), new long[] {e.getValue()[0] - was[0], e.getValue()[1] - was[1]});
        })
        .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[1]))
        .limit(HISTOGRAM_ROWS)
        .forEach(e -> System.out.printf("  %15.3f  %11.1f  %s%n", e.getValue()[0] / (double) entries,
            e.getValue()[1] / (double) entries, e.getKey()));
  }
}
