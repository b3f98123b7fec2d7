package io.peanutcache.benchmarks;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.cache.HazelcastMemberCachingProvider;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * The program whose start-up {@link FootprintMeasurement} times, run in a fresh JVM whose class
 * path holds this class and one provider's jars: it opens a CacheManager, creates a cache of
 * strings, puts one entry and gets it back, then prints one line, {@value #READY} followed by the
 * nanoseconds from the start of {@code main} to the get's return and the resident set size and
 * its peak then, in KiB (from {@code /proc/self/status}). It closes the CacheManager and exits.
 *
 * <p>{@code jcache} opens the default CacheManager of the one provider on the class path,
 * configured by the {@code peanutcache.*} system properties the JVM was given; {@code hazelcast
 * <cluster> <port>} starts one Hazelcast member on that loopback port, configured as the
 * benchmarks' members are ({@link HazelcastMembers}), and opens its member-side CacheManager.
 */
public final class OnePutOneGet {

  /** The start of the line that says the get has returned. */
  static final String READY = "READY";

  private OnePutOneGet() {}

  public static void main(String[] args) throws IOException {
    long started = System.nanoTime();
    CacheManager manager = switch (args.length == 0 ? "" : args[0]) {
      case "jcache" -> Caching.getCachingProvider().getCacheManager();
      case "hazelcast" -> HazelcastMember.cacheManager(args[1], Integer.parseInt(args[2]));
      default -> throw new IllegalArgumentException("unknown run " + List.of(args)
          + "; allowed: jcache, or hazelcast <cluster> <port>");
    };
    Cache<String, String> cache = manager.createCache("footprint",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("key", "value");
    String value = cache.get("key");
    long ready = System.nanoTime();
    if (!"value".equals(value)) {
      throw new IllegalStateException("the get returned " + value + ", not the value put");
    }
    System.out.println(READY + " " + (ready - started) + " " + status("VmRSS") + " " + status("VmHWM"));
    System.out.flush();
    manager.close();
    System.exit(0);
  }

  /** A line of {@code /proc/self/status} in KiB, such as {@code VmRSS}. */
  private static long status(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
      }
    }
    throw new IllegalStateException("no " + field + " in /proc/self/status");
  }

  /** One Hazelcast member; a class of its own, so that the other runs never load Hazelcast's types. */
  private static final class HazelcastMember {

    static CacheManager cacheManager(String clusterName, int port) {
      HazelcastInstance member = Hazelcast.newHazelcastInstance(
          HazelcastMembers.config(clusterName, List.of("127.0.0.1:" + port), 0));
      return new HazelcastMemberCachingProvider().getCacheManager(URI.create("urn:peanutcache:footprint"),
          OnePutOneGet.class.getClassLoader(), HazelcastCachingProvider.propertiesByInstanceItself(member));
    }
  }
}
