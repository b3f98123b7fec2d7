package io.peanutcache.cluster.listeners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.cluster.Nodes;
import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.testing.Await;
import io.peanutcache.testing.InJvmCluster;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryListenerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes that keep at most two listeners per cache ({@code peanutcache.listeners.per-cache})
 * and at most three events of a cache waiting for their delivery ({@code peanutcache.events.queue},
 * one delivery thread): one listener more is refused wherever it is registered, and an event
 * beyond the queue is refused, which a synchronous listener's operation reports.
 */
class ListenerLimitsTest {

  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(2)
      .with("peanutcache.listeners.per-cache", "2")
      .with("peanutcache.events.threads", "1")
      .with("peanutcache.events.queue", "3");

  private static final AtomicInteger CACHES = new AtomicInteger();
  private final List<String> created = new ArrayList<>();

  @AfterEach
  void openTheGateAndDestroyTheCaches() {
    Gate.open();
    for (String name : created) {
      cluster.manager(0).destroyCache(name);
    }
  }

  private Cache<String, String> create() {
    String name = "listened-" + CACHES.incrementAndGet();
    created.add(name);
    return cluster.manager(0).createCache(name, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
  }

  private static MutableCacheEntryListenerConfiguration<String, String> listener(String name, boolean synchronous) {
    return new MutableCacheEntryListenerConfiguration<>(FactoryBuilder.factoryOf(new Gate(name)), null, false,
        synchronous);
  }

  /** Keys node 0 owns, so that their events are delivered on node 0. */
  private static List<String> keysOfNode0(Cache<String, String> cache, String prefix, int count) {
    @SuppressWarnings("unchecked")
    PeanutCache<String, String> peanut = cache.unwrap(PeanutCache.class);
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < count; i++) {
      if (peanut.ownerOf(prefix + "-" + i).equals(cluster.address(0))) {
        keys.add(prefix + "-" + i);
      }
    }
    return keys;
  }

  @Test
  void aCacheTakesNoMoreListenersThanTheLimitOnAnyNode() {
    Cache<String, String> onNode0 = create();
    var second = listener("second", false);
    onNode0.registerCacheEntryListener(listener("first", false));
    onNode0.registerCacheEntryListener(second);

    CacheException here = assertThrows(CacheException.class,
        () -> onNode0.registerCacheEntryListener(listener("third", false)));
    Cache<String, String> onNode1 = cluster.manager(1).getCache(onNode0.getName(), String.class, String.class);
    CacheException there = assertThrows(CacheException.class,
        () -> onNode1.registerCacheEntryListener(listener("fourth", false)));

    for (CacheException refused : List.of(here, there)) {
      assertTrue(refused.getMessage().contains("peanutcache.listeners.per-cache=2"), refused.getMessage());
      assertTrue(refused.getMessage().contains(onNode0.getName()), refused.getMessage());
    }
    // a listener that goes makes room for another
    onNode0.deregisterCacheEntryListener(second);
    onNode1.registerCacheEntryListener(listener("fourth", false));
    onNode1.put("key", "value");
    poll("both listeners heard the put", () -> Gate.heard("first").size() == 1 && Gate.heard("fourth").size() == 1);
  }

  @Test
  void eventsBeyondTheQueueAreNotDeliveredAndTheOperationsGoOn() {
    Cache<String, String> cache = create();
    cache.registerCacheEntryListener(listener("slow", false));
    Gate.close();

    for (String key : keysOfNode0(cache, "async", 10)) {
      cache.put(key, "value");
    }

    poll("the first delivery waits at the gate", () -> Gate.waiting.get() == 1);
    Gate.open();
    poll("the accepted events are delivered", () -> Gate.heard("slow").size() == 3);
    for (String key : keysOfNode0(cache, "async", 10)) {
      assertEquals("value", cache.get(key), "every put was made");
    }
    // with room again, events are delivered again
    cache.put(keysOfNode0(cache, "after", 1).get(0), "value");
    poll("the next event is delivered", () -> Gate.heard("slow").size() == 4);
  }

  @Test
  void aSynchronousListenersOperationFailsWhenItsEventIsRefused() throws Exception {
    Cache<String, String> cache = create();
    cache.registerCacheEntryListener(listener("sync", true));
    Gate.close();
    List<String> keys = keysOfNode0(cache, "sync", 4);
    List<Future<?>> blocked = new ArrayList<>();
    var threads = java.util.concurrent.Executors.newCachedThreadPool();
    try {
      // three puts whose events take the queue: each waits for its listener, at the gate
      for (String key : keys.subList(0, 3)) {
        blocked.add(threads.submit(() -> cache.put(key, "value")));
      }
      poll("the first delivery waits at the gate and the two others for the thread",
          () -> Gate.waiting.get() == 1 && Nodes.of(cluster.manager(0)).events().queued() == 2);

      CacheEntryListenerException refused = assertThrows(CacheEntryListenerException.class,
          () -> cache.put(keys.get(3), "refused"));

      assertTrue(refused.getMessage().contains("3 deliveries waiting"), refused.getMessage());
      assertTrue(refused.getMessage().contains("peanutcache.events.queue"), refused.getMessage());
      Gate.open();
      for (Future<?> put : blocked) {
        put.get(60, TimeUnit.SECONDS);
      }
      assertEquals("refused", cache.get(keys.get(3)), "the write itself was made; its listener was not told");
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    } finally {
      threads.shutdownNow();
    }
  }

  private static void poll(String what, BooleanSupplier done) {
    Await.until(Duration.ofSeconds(60), done, () -> what);
  }

  /** A listener that records what it hears, after waiting at a gate the test may close. */
  public static final class Gate implements CacheEntryCreatedListener<String, String>, Serializable {

    private static final long serialVersionUID = 1L;
    static final java.util.Map<String, List<String>> HEARD = new java.util.concurrent.ConcurrentHashMap<>();
    static final AtomicInteger waiting = new AtomicInteger();
    static volatile CountDownLatch gate = new CountDownLatch(0);

    private final String name;

    Gate(String name) {
      this.name = name;
    }

    static void close() {
      gate = new CountDownLatch(1);
    }

    static void open() {
      gate.countDown();
    }

    static List<String> heard(String name) {
      return List.copyOf(HEARD.getOrDefault(name, List.of()));
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      waiting.incrementAndGet();
      try {
        gate.await(5, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        waiting.decrementAndGet();
      }
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        HEARD.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(event.getKey());
      }
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Gate that && that.name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }
  }
}
