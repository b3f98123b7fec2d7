package io.peanutcache.benchmarks;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.cache.HazelcastMemberCachingProvider;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.CacheConfig;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.peanutcache.testing.FreePorts;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;

/**
 * Three Hazelcast members in this JVM, formed on loopback with TCP-IP join (multicast and
 * auto-detection off; see {@link HazelcastMembers}), each reached through Hazelcast's member-side
 * JCache provider.
 *
 * <p>Members start one after the other, each joining those before it. Every member has its own
 * {@link HazelcastMemberCachingProvider} and a CacheManager of the same URI bound to that member,
 * so their caches of one name are the same cache. Member 1
 * creates the cache; members 2 and 3 open it with {@code getCache}. No near cache is configured,
 * so a get through member 1 of a key whose partition member 2 or 3 owns is one call to that
 * owner. Owners come from Hazelcast's {@code PartitionService}, after the cluster has become safe
 * (every partition assigned, no migration running).
 *
 * <p>A Hazelcast cache evicts once a member holds more than {@value
 * EvictionConfig#DEFAULT_MAX_ENTRY_COUNT} entries unless told otherwise, which standard JCache
 * configuration cannot say; the cache is therefore created from a {@link CacheConfig} copy of the
 * given configuration whose entry-count bound is lifted, so that every entry put stays.
 */
final class HazelcastCluster implements ThreeNodeCluster {

  /** The URI of every member's CacheManager. */
  static final URI URI = java.net.URI.create("urn:peanutcache:bench");

  /** How long to wait for the three members to form a safe cluster. */
  private static final long FORM_TIMEOUT_MILLIS = 60_000;

  /** Hazelcast logs through java.util.logging; held here so the level set on it sticks. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  private final List<String> addresses;
  private final String clusterName = "bench-" + UUID.randomUUID();
  private final List<HazelcastInstance> members = new ArrayList<>();
  private final List<CacheManager> managers = new ArrayList<>();
  private final List<Cache<String, byte[]>> caches = new ArrayList<>();

  /**
   * Starts three members on free loopback ports, waits until they form a safe cluster and creates
   * the cache on them.
   *
   * @param cacheName the cache's name
   * @param configuration the cache's configuration, given to member 1's {@code createCache}
   *     without an entry-count bound
   */
  HazelcastCluster(String cacheName, CompleteConfiguration<String, byte[]> configuration) {
    HAZELCAST_LOG.setLevel(Level.WARNING);
    addresses = FreePorts.loopbackAddresses(SIZE);
    try {
      for (int i = 0; i < SIZE; i++) {
        members.add(Hazelcast.newHazelcastInstance(HazelcastMembers.config(clusterName, addresses, i)));
      }
      awaitSafeCluster();
      for (HazelcastInstance member : members) {
        managers.add(new HazelcastMemberCachingProvider().getCacheManager(URI,
            HazelcastCluster.class.getClassLoader(),
            HazelcastCachingProvider.propertiesByInstanceItself(member)));
      }
      CacheConfig<String, byte[]> unbounded = new CacheConfig<>(configuration);
      unbounded.setEvictionConfig(new EvictionConfig()
          .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT).setSize(Integer.MAX_VALUE));
      caches.add(managers.get(0).createCache(cacheName, unbounded));
      for (int i = 1; i < SIZE; i++) {
        Cache<String, byte[]> cache = managers.get(i).getCache(cacheName, String.class, byte[].class);
        if (cache == null) {
          throw new IllegalStateException("member " + addresses.get(i) + " does not know cache "
              + cacheName + " that member " + addresses.get(0) + " created");
        }
        caches.add(cache);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Waits until every member sees all three and no partition is unassigned or migrating. */
  private void awaitSafeCluster() {
    long deadline = System.currentTimeMillis() + FORM_TIMEOUT_MILLIS;
    while (true) {
      boolean formed = members.stream()
          .allMatch(member -> member.getCluster().getMembers().size() == SIZE);
      if (formed) {
        // asking for an owner assigns the partitions if nothing has yet
        members.get(0).getPartitionService().getPartition("key-0").getOwner();
        if (members.get(0).getPartitionService().isClusterSafe()) {
          return;
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the Hazelcast members did not form a safe cluster of "
            + SIZE + " within " + FORM_TIMEOUT_MILLIS + " ms: "
            + members.get(0).getCluster().getMembers());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the cluster", e);
      }
    }
  }

  /**
   * The cluster's name, which a client must give to join it.
   *
   * @return the name
   */
  String clusterName() {
    return clusterName;
  }

  private static String name(Member member) {
    return member.getAddress().getHost() + ":" + member.getAddress().getPort();
  }

  @Override
  public Cache<String, byte[]> callerCache() {
    return caches.get(0);
  }

  @Override
  public Cache<String, byte[]> cache(int index) {
    return caches.get(index);
  }

  @Override
  public List<String> nodeNames() {
    return addresses;
  }

  @Override
  public String ownerOf(String key) {
    return name(members.get(0).getPartitionService().getPartition(key).getOwner());
  }

  @Override
  public boolean callerOwns(String key) {
    return members.get(0).getPartitionService().getPartition(key).getOwner().localMember();
  }

  /**
   * Closes the three CacheManagers, then shuts the whole cluster down at once (no partition
   * migrates between members that are all leaving) and waits until every member has stopped.
   */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (CacheManager manager : managers) {
      try {
        manager.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (!members.isEmpty()) {
      // members leaving together warn about each other's closed connections: expected here
      HAZELCAST_LOG.setLevel(Level.SEVERE);
      try {
        members.get(0).getCluster().shutdown();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
      for (HazelcastInstance member : members) {
        try {
          member.shutdown();
        } catch (RuntimeException e) {
          failure = failure == null ? e : failure;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
