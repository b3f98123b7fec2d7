package io.peanutcache.cluster.handoff;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.testing.Await;
import io.peanutcache.etcd.testing.EtcdServer;
import io.peanutcache.testing.InJvmCluster;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nodes through a real etcd, under a steady load from every node, as a deployment sees them: a
 * rolling restart and a node that joins lose no acknowledged write, serve no read older than a
 * write acknowledged before it began, and make no operation fail (not even one whose owner was
 * stopping: the cluster sends it to the new owner); a node killed with SIGKILL loses only the
 * entries it owned.
 *
 * <p>Each key has one writer, on one node, which puts ever larger values into it; a reader on
 * every node gets random keys. What each client saw is recorded ({@link History}) and checked once
 * the load has stopped and the cluster is quiet. The workers of a node stop before it stops and
 * start again on it once it is back; those of the other nodes run through.
 */
class RollingRestartUnderLoadTest {

  private static final int KEYS = 200;
  /** What each worker waits between its operations: a load a busy two-core machine carries. */
  private static final long PAUSE_MILLIS = 2;
  private static final Duration WORKERS_END_WITHIN = Duration.ofSeconds(60);

  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  @RegisterExtension
  final InJvmCluster ring = InJvmCluster.of(3).etcd(ETCD::endpoint)
      .uri(URI.create("urn:peanutcache:rolling-restart-under-load"))
      .with("peanutcache.rpc.timeout", "5s").startedByTheTest();

  private final History history = new History();
  /** Every value written: each write takes the next, so a key's values grow whichever node writes it. */
  private final AtomicLong values = new AtomicLong();
  private final Map<Integer, Workers> workers = new HashMap<>();
  private final List<String> keys = IntStream.range(0, KEYS).mapToObj(i -> "counter-" + i).toList();

  private static MutableConfiguration<String, Long> onlyInTheCache() {
    return new MutableConfiguration<String, Long>().setTypes(String.class, Long.class);
  }

  private Cache<String, Long> cache(String name, int node) {
    return ring.manager(node).getCache(name, String.class, Long.class);
  }

  private void awaitMembers(List<Integer> nodes, int count) {
    Await.until(Duration.ofSeconds(30), () -> nodes.stream().allMatch(node ->
            ring.manager(node).unwrap(PeanutCacheManager.class).nodeStatus().orElseThrow().members().size() == count),
        () -> "the nodes " + nodes + " did not see " + count + " members");
  }

  @Test
  void aRollingRestartUnderLoadLosesNoAcknowledgedWriteAndServesNoStaleRead() throws Exception {
    ring.start();
    ring.manager(0).createCache("counters", onlyInTheCache());
    List<Integer> nodes = List.of(0, 1, 2);
    nodes.forEach(node -> startWorkers("counters", node, nodes.size()));
    Thread.sleep(2_000);

    for (int restarted : nodes) {
      List<Integer> others = nodes.stream().filter(node -> node != restarted).toList();
      stopWorkers(restarted);
      ring.stop(restarted);
      awaitMembers(others, 2);
      Thread.sleep(1_000); // the others' load on two nodes
      ring.restart(restarted);
      awaitMembers(nodes, 3);
      startWorkers("counters", restarted, nodes.size());
      Thread.sleep(1_000);
    }
    nodes.forEach(this::stopWorkers);

    assertTheHistoryHolds("counters", nodes, "rolling restart under load");
  }

  @Test
  void aFourthNodeJoiningUnderLoadLoadsNothingAPeerHeld() throws Exception {
    CountingLoader.LOADS.set(0);
    ring.start();
    ring.manager(0).createCache("loaded-counters", onlyInTheCache().setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(CountingLoader.class)));
    keys.forEach(key -> put(cache("loaded-counters", 0), ring.name(0), key));
    // four writers: the fourth's keys are written by node-4 once it has joined
    List<Integer> nodes = List.of(0, 1, 2);
    nodes.forEach(node -> startWorkers("loaded-counters", node, 4));
    Thread.sleep(2_000);

    ring.add("node-4");
    List<Integer> all = List.of(0, 1, 2, 3);
    awaitMembers(all, 4);
    startWorkers("loaded-counters", 3, 4);
    Thread.sleep(3_000);
    all.forEach(this::stopWorkers);

    assertTheHistoryHolds("loaded-counters", all, "fourth node joining under load");
    assertEquals(0, CountingLoader.LOADS.get(),
        "the loader ran: the joining node loaded entries instead of taking them from their former owners");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aKilledNodeLosesOnlyWhatItHeld() {
    ring.inOtherJvms(2).with("peanutcache.etcd.lease-ttl", "2s").start();
    Cache<String, Long> fromZero = ring.manager(0).createCache("held", onlyInTheCache());
    Map<String, Long> written = new LinkedHashMap<>();
    for (int i = 0; i < 600; i++) {
      written.put("held-" + i, (long) i);
    }
    fromZero.putAll(written);
    String killed = ring.name(2);
    PeanutCache<String, Long> beforeTheKill = fromZero.unwrap(PeanutCache.class);
    Set<String> itsKeys = written.keySet().stream().filter(key -> beforeTheKill.ownerOf(key).equals(killed))
        .collect(Collectors.toSet());
    assertTrue(!itsKeys.isEmpty() && itsKeys.size() < written.size(),
        killed + " owns some of the keys, not all: " + itsKeys.size());

    ring.kill(2);
    awaitMembers(List.of(0, 1), 2);

    for (int node : List.of(0, 1)) {
      Map<String, Long> found = cache("held", node).getAll(written.keySet());
      List<String> wrong = written.keySet().stream()
          .filter(key -> !Objects.equals(found.get(key), itsKeys.contains(key) ? null : written.get(key)))
          .map(key -> key + (itsKeys.contains(key) ? " of " + killed : "") + " is " + found.get(key)).toList();
      assertTrue(wrong.isEmpty(), () -> ring.name(node) + " finds " + wrong.size() + " keys wrong once " + killed
          + " was killed (its keys must be gone, the others kept), such as " + wrong.stream().limit(5).toList());
    }
    itsKeys.forEach(key -> cache("held", 1).put(key, written.get(key) + 1_000));
    Map<String, Long> again = cache("held", 0).getAll(itsKeys);
    itsKeys.forEach(key -> assertEquals(written.get(key) + 1_000, again.get(key), key + " put again"));
    System.out.printf("[killed node] %s held %d of %d keys; the others kept the rest%n", killed, itsKeys.size(),
        written.size());
  }

  /** Ends the load of a test that failed before it stopped it, before the nodes close. */
  @AfterEach
  void endTheLoad() {
    workers.values().forEach(left -> left.running = false);
  }

  // ---------------------------------------------------------------- the load

  /** Starts node {@code node}'s writer, of the keys of its share of {@code writers}, and its reader. */
  private void startWorkers(String cacheName, int node, int writers) {
    List<String> written = IntStream.range(0, KEYS).filter(i -> i % writers == node).mapToObj(keys::get).toList();
    workers.put(node, new Workers(cache(cacheName, node), ring.name(node), written));
  }

  /** Stops node {@code node}'s workers and waits until their last operations have ended. */
  private void stopWorkers(int node) {
    workers.remove(node).stop();
  }

  /** One node's writer and reader, which run until stopped. */
  private final class Workers {

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    Workers(Cache<String, Long> cache, String node, List<String> written) {
      threads.add(new Thread(() -> {
        while (running) {
          for (int i = 0; i < written.size() && running; i++) {
            put(cache, node, written.get(i));
            pause();
          }
        }
      }, "writer-" + node));
      threads.add(new Thread(() -> {
        while (running) {
          get(cache, node, keys.get(ThreadLocalRandom.current().nextInt(keys.size())));
          pause();
        }
      }, "reader-" + node));
      threads.forEach(Thread::start);
    }

    void stop() {
      running = false;
      for (Thread thread : threads) {
        try {
          thread.join(WORKERS_END_WITHIN.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        assertFalse(thread.isAlive(), thread.getName() + " still runs an operation after " + WORKERS_END_WITHIN);
      }
    }
  }

  private void put(Cache<String, Long> cache, String node, String key) {
    long value = values.incrementAndGet();
    long start = System.nanoTime();
    try {
      cache.put(key, value);
      history.wrote(node, key, value, start, System.nanoTime());
    } catch (RuntimeException e) {
      history.failed(node, "put", key, e, start, System.nanoTime());
    }
  }

  private void get(Cache<String, Long> cache, String node, String key) {
    long start = System.nanoTime();
    try {
      Long value = cache.get(key);
      history.read(node, key, value, start, System.nanoTime());
    } catch (RuntimeException e) {
      history.failed(node, "get", key, e, start, System.nanoTime());
    }
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- the checks

  /**
   * Every node finds each key's last acknowledged value, no read was stale, and no operation
   * failed; reported together, since a put that failed may have been applied all the same.
   */
  private void assertTheHistoryHolds(String cacheName, List<Integer> nodes, String label) {
    Map<String, Long> last = history.lastAcknowledged();
    Map<String, List<String>> lost = new LinkedHashMap<>();
    for (int node : nodes) {
      Map<String, Long> found = cache(cacheName, node).getAll(last.keySet());
      lost.put(ring.name(node), last.keySet().stream().filter(key -> !last.get(key).equals(found.get(key)))
          .map(key -> key + " is " + found.get(key) + ", not " + last.get(key)).toList());
    }
    List<String> stale = history.staleReads();
    List<String> failures = history.failures();
    System.out.printf("[%s] %s; %d stale reads%n", label, history.summary(), stale.size());

    assertAll(
        () -> assertEquals(KEYS, last.size(), "every key was written"),
        () -> assertTrue(lost.values().stream().allMatch(List::isEmpty), () -> "nodes miss the last acknowledged"
            + " write of keys: " + lost.entrySet().stream().filter(missed -> !missed.getValue().isEmpty())
            .map(missed -> missed.getKey() + " of " + missed.getValue().size() + ", such as "
                + missed.getValue().stream().limit(5).toList()).toList()),
        () -> assertTrue(stale.isEmpty(), () -> stale.size() + " reads were stale, such as "
            + stale.stream().limit(5).toList()),
        () -> assertTrue(failures.isEmpty(), () -> failures.size() + " operations failed, such as "
            + failures.stream().limit(5).toList()));
  }

  /** Loads every key as -1, a value no writer puts, and counts its loads. */
  public static final class CountingLoader implements CacheLoader<String, Long>, Serializable {

    private static final long serialVersionUID = 1L;

    static final AtomicLong LOADS = new AtomicLong();

    @Override
    public Long load(String key) {
      LOADS.incrementAndGet();
      return -1L;
    }

    @Override
    public Map<String, Long> loadAll(Iterable<? extends String> keys) {
      Map<String, Long> loaded = new HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }
}
