package io.peanutcache.cluster.listeners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.testing.EveryEventListener;
import io.peanutcache.testing.InJvmCluster;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Listeners across three nodes in this JVM: a listener registered on node 0 hears about every
 * entry, whichever node owns it and whichever node changed it.
 */
class ClusterListenersTest {

  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(3).rpcTimeout(Duration.ofSeconds(20));

  private final List<String> created = new ArrayList<>();

  @AfterEach
  void destroyCaches() {
    for (String name : created) {
      cluster.manager(0).destroyCache(name);
    }
    Recorder.HEARD.clear();
  }

  private Cache<String, String> create(InJvmCluster nodes, String name, MutableConfiguration<String, String> configuration) {
    if (nodes == cluster) {
      created.add(name);
    }
    return nodes.manager(0).createCache(name, configuration.setTypes(String.class, String.class));
  }

  private static Cache<String, String> on(InJvmCluster nodes, int node, String name) {
    return nodes.manager(node).getCache(name, String.class, String.class);
  }

  /** A key that {@code node} owns, not yet used by the test. */
  private static String keyOwnedBy(InJvmCluster nodes, int node, String name, String prefix) {
    PeanutCache<?, ?> cache = on(nodes, 0, name).unwrap(PeanutCache.class);
    for (int i = 0; ; i++) {
      String key = prefix + "-" + i;
      if (((PeanutCache<String, String>) cache).ownerOf(key).equals(nodes.address(node))) {
        return key;
      }
    }
  }

  private static MutableCacheEntryListenerConfiguration<String, String> listener(String name,
      boolean oldValueRequired, boolean synchronous) {
    return new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new Recorder(name)), null, oldValueRequired, synchronous);
  }

  @Test
  void aListenerHearsEveryEntryWhicheverNodeOwnsItAndWhicheverNodeChangesIt() {
    create(cluster, "heard", new MutableConfiguration<>());
    on(cluster, 0, "heard").registerCacheEntryListener(listener("everything", true, true));

    for (int owner = 0; owner < 3; owner++) {
      for (int caller = 0; caller < 3; caller++) {
        String key = keyOwnedBy(cluster, owner, "heard", "owner" + owner + "-caller" + caller);
        Cache<String, String> cache = on(cluster, caller, "heard");

        // synchronous: the event has been heard on node 0 when the call returns on any node
        cache.put(key, "v1");
        assertEquals("CREATED " + key + "=v1 (was null)", Recorder.last("everything"));
        cache.put(key, "v2");
        assertEquals("UPDATED " + key + "=v2 (was v1)", Recorder.last("everything"));
        cache.remove(key);
        assertEquals("REMOVED " + key + "=v2 (was v2)", Recorder.last("everything"));
      }
    }
    assertEquals(27, Recorder.heard("everything").size(), Recorder.heard("everything").toString());
  }

  @Test
  void theEventsOfOneKeyArriveInTheOrderOfTheChanges() throws InterruptedException {
    create(cluster, "ordered", new MutableConfiguration<>());
    on(cluster, 0, "ordered").registerCacheEntryListener(listener("ordered", false, false));
    String key = keyOwnedBy(cluster, 1, "ordered", "ordered");

    for (int i = 0; i < 200; i++) {
      on(cluster, i % 3, "ordered").put(key, String.valueOf(i));
    }

    List<String> heard = awaitEvents("ordered", 200);
    for (int i = 0; i < 200; i++) {
      String type = i == 0 ? "CREATED " : "UPDATED ";
      assertTrue(heard.get(i).startsWith(type + key + "=" + i + " "), "event " + i + " was " + heard.get(i));
    }
  }

  @Test
  void deregisteringOnTheRegisteringNodeStopsTheEventsOfEveryNode() {
    create(cluster, "deregistered", new MutableConfiguration<>());
    MutableCacheEntryListenerConfiguration<String, String> configuration = listener("stopped", false, true);
    on(cluster, 0, "deregistered").registerCacheEntryListener(configuration);
    String[] keys = {keyOwnedBy(cluster, 0, "deregistered", "a"), keyOwnedBy(cluster, 1, "deregistered", "b"),
        keyOwnedBy(cluster, 2, "deregistered", "c")};
    for (String key : keys) {
      on(cluster, 2, "deregistered").put(key, "before");
    }
    assertEquals(3, Recorder.heard("stopped").size(), Recorder.heard("stopped").toString());

    on(cluster, 0, "deregistered").deregisterCacheEntryListener(configuration);
    for (String key : keys) {
      on(cluster, 1, "deregistered").put(key, "after");
      on(cluster, 2, "deregistered").remove(key);
    }

    assertEquals(3, Recorder.heard("stopped").size(), "events after deregistration: " + Recorder.heard("stopped"));
  }

  @Test
  void aSynchronousListenerThatFailsFailsTheOperationOnTheNodeThatMadeIt() {
    create(cluster, "failing", new MutableConfiguration<>());
    on(cluster, 0, "failing").registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new Failing()), null, false, true));
    String key = keyOwnedBy(cluster, 1, "failing", "failing");

    CacheEntryListenerException thrown = assertThrows(CacheEntryListenerException.class,
        () -> on(cluster, 2, "failing").put(key, "v"));

    assertTrue(thrown.getMessage().contains("refused " + key), thrown.getMessage());
  }

  @Test
  void theFilterRunsOnTheNodeTheListenerWasRegisteredOn() {
    create(cluster, "filtered", new MutableConfiguration<>());
    List<String> evaluated = new CopyOnWriteArrayList<>();
    // neither the filter nor its factory is serializable: it never leaves node 0
    Factory<CacheEntryEventFilter<String, String>> filter = () -> event -> {
      evaluated.add(event.getKey());
      return event.getValue().startsWith("keep");
    };
    on(cluster, 0, "filtered").registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new Recorder("filtered")), filter, false, true));
    String remoteKey = keyOwnedBy(cluster, 2, "filtered", "remote");

    on(cluster, 1, "filtered").put(remoteKey, "drop-me");
    on(cluster, 1, "filtered").put(remoteKey, "keep-me");

    assertEquals(List.of(remoteKey, remoteKey), evaluated);
    assertEquals(List.of("UPDATED " + remoteKey + "=keep-me (was null)"), Recorder.heard("filtered"));
  }

  @Test
  void theOwnerReportsTheExpiryOfAnEntryToAListenerOnAnotherNode() throws InterruptedException {
    create(cluster, "expiring", new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
            new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 200))));
    on(cluster, 0, "expiring").registerCacheEntryListener(listener("expired", false, true));
    String key = keyOwnedBy(cluster, 1, "expiring", "expiring");
    on(cluster, 2, "expiring").put(key, "short-lived");
    Thread.sleep(400);

    assertNull(on(cluster, 2, "expiring").get(key));

    // the owner's store may have expired the entry on its timer before the get, without a caller
    // to wait for the listener: the event then arrives shortly after
    assertEquals(List.of("CREATED " + key + "=short-lived (was null)", "EXPIRED " + key + "=short-lived (was short-lived)"),
        awaitEvents("expired", 2));
  }

  @Test
  void aNodeThatStartsAfterTheRegistrationSendsItsEventsToTheListener() {
    try (InJvmCluster nodes = InJvmCluster.of(3).rpcTimeout(Duration.ofSeconds(5)).start()) {
      create(nodes, "late", new MutableConfiguration<>());
      String key = keyOwnedBy(nodes, 2, "late", "late");
      nodes.stop(2);

      on(nodes, 0, "late").registerCacheEntryListener(listener("late", false, true));
      nodes.restart(2);
      on(nodes, 1, "late").put(key, "from-the-new-node");

      assertEquals(List.of("CREATED " + key + "=from-the-new-node (was null)"), Recorder.heard("late"));
    }
  }

  private static List<String> awaitEvents(String listener, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Recorder.heard(listener).size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    List<String> heard = Recorder.heard(listener);
    assertEquals(count, heard.size(), "events heard: " + heard);
    return heard;
  }

  /** Records every event it hears as "TYPE key=value (was old)", by listener name. */
  public static final class Recorder extends EveryEventListener<String, String> {

    private static final long serialVersionUID = 1L;
    static final Map<String, List<String>> HEARD = new ConcurrentHashMap<>();

    private final String name;

    Recorder(String name) {
      this.name = name;
    }

    static List<String> heard(String name) {
      return List.copyOf(HEARD.getOrDefault(name, List.of()));
    }

    static String last(String name) {
      List<String> heard = heard(name);
      return heard.isEmpty() ? null : heard.get(heard.size() - 1);
    }

    @Override
    protected void heard(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        HEARD.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(event.getEventType() + " "
            + event.getKey() + "=" + event.getValue() + " (was " + event.getOldValue() + ")");
      }
    }
  }

  /** A listener that refuses every created entry. */
  public static final class Failing implements CacheEntryCreatedListener<String, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        throw new CacheEntryListenerException("refused " + event.getKey());
      }
    }
  }
}
