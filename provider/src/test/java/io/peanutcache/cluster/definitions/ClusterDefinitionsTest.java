package io.peanutcache.cluster.definitions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.PeerException;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.hosting.HostedCaches;
import io.peanutcache.cluster.listeners.ClusterListeners;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.membership.MembershipView;
import io.peanutcache.cluster.peers.CacheDefinition;
import io.peanutcache.cluster.peers.DefineOutcome;
import io.peanutcache.cluster.peers.DefinitionPeers;
import io.peanutcache.cluster.peers.ListenerEvent;
import io.peanutcache.cluster.peers.ListenerPeers;
import io.peanutcache.cluster.peers.ListenerSpec;
import io.peanutcache.cluster.peers.PeerAnswer;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.codec.AllowList;
import io.peanutcache.codec.ValueCodec;
import io.peanutcache.store.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.cache.CacheException;
import javax.cache.event.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One node's definitions with its peers played by hand through the seam: what it does with their
 * answers, and what it answers them.
 */
class ClusterDefinitionsTest {

  private static final ClassLoader LOADER = ClusterDefinitionsTest.class.getClassLoader();
  private static final CacheId ID = new CacheId("urn:test", "definitions");
  private static final Member A = new Member("a", "a:1");
  private static final Member B = new Member("b", "b:1");
  private static final Member C = new Member("c", "c:1");
  private static final ClusterView VIEW = ClusterView.of(new MembershipView(1, List.of(A, B, C)), "a", 16);
  private static final ListenerSpec LISTENER_ON_C =
      new ListenerSpec("c", 7, Set.of(EventType.CREATED), false, false);

  private final HostedCaches caches = new HostedCaches(TimeSource.SYSTEM, Duration.ofSeconds(5), Runnable::run,
      AllowList.builtIn());
  private final FakePeers peers = new FakePeers();
  private final FakeListenerPeers listenerPeers = new FakeListenerPeers();
  private final ClusterListeners listeners = new ClusterListeners(() -> VIEW, listenerPeers);
  private final ClusterDefinitions definitions =
      new ClusterDefinitions(caches, null, peers, listeners, () -> VIEW, LOADER, AllowList.builtIn(),
          Runnable::run);

  @AfterEach
  void close() {
    caches.close();
  }

  private static PeanutConfiguration<Object, Object> configuration() {
    return new PeanutConfiguration<>();
  }

  private static PeanutConfiguration<Object, Object> another() {
    PeanutConfiguration<Object, Object> other = new PeanutConfiguration<>();
    other.setStatisticsEnabled(true);
    return other;
  }

  private static PeerException unreachable(Member peer) {
    return new PeerException("peer " + peer.name() + " cannot be reached", "UNAVAILABLE", null);
  }

  @Test
  void aPeerThatHostsTheCacheOtherwiseRefusesTheDefinitionWhichIsUndoneHere() {
    peers.defineAnswers = definition -> List.of(
        new PeerAnswer<>(B, new DefineOutcome(HostedCaches.Outcome.JOINED, "", List.of()), null),
        new PeerAnswer<>(C, new DefineOutcome(HostedCaches.Outcome.CONFLICT, "the other one", List.of()), null));
    CacheException refused = assertThrows(CacheException.class,
        () -> definitions.define(ID, configuration(), LOADER));
    assertTrue(refused.getMessage().contains("exists on c with another configuration: the other one"),
        refused.getMessage());
    assertNull(caches.get(ID), "the cache this node had just created is destroyed again");
  }

  @Test
  void aPeerThatCannotBeReachedIsSkippedAndTheListenersThePeersKnowAreLearned() {
    List<CacheDefinition> sent = new ArrayList<>();
    peers.defineAnswers = definition -> {
      sent.add(definition);
      return List.of(new PeerAnswer<>(B, null, unreachable(B)),
          new PeerAnswer<>(C, new DefineOutcome(HostedCaches.Outcome.CREATED, "", List.of(LISTENER_ON_C)), null));
    };
    HostedCache hosted = definitions.define(ID, configuration(), LOADER);
    assertSame(hosted, caches.get(ID));
    assertEquals(ID, sent.get(0).id());
    assertEquals(configuration(), DefinitionCodec.configuration(sent.get(0), LOADER, AllowList.builtIn()),
        "the peers get the configuration encoded by the cache's codec");
    assertEquals(List.of(LISTENER_ON_C), listeners.known(hosted));
  }

  @Test
  void aCacheThisNodeHostsOtherwiseIsRefusedBeforeAnyPeerIsAsked() {
    definitions.define(ID, configuration(), LOADER);
    peers.defineAnswers = definition -> {
      throw new AssertionError("no peer is asked");
    };
    CacheException refused = assertThrows(CacheException.class, () -> definitions.define(ID, another(), LOADER));
    assertTrue(refused.getMessage().contains("exists on a with another configuration"), refused.getMessage());
  }

  @Test
  void aCacheUnknownHereIsFetchedFromTheSenderWithItsListeners() {
    CacheDefinition definition = DefinitionCodec.of(ID, configuration(), new ValueCodec(LOADER));
    peers.fetched.put(B, definition);
    listenerPeers.known.put(B, List.of(LISTENER_ON_C));
    HostedCache hosted = definitions.hosted(ID, "b");
    assertNotNull(hosted);
    assertEquals(configuration(), hosted.configuration());
    assertEquals(List.of(LISTENER_ON_C), listeners.known(hosted));
    assertSame(hosted, definitions.hosted(ID, "c"), "a hosted cache is not fetched again");
  }

  @Test
  void noDefinitionIsFetchedFromAnUnknownSenderOrFromThisNode() {
    assertNull(definitions.hosted(ID, "z"));
    assertNull(definitions.hosted(ID, "a"));
    assertNull(definitions.hosted(ID, "b"), "b does not host it");
  }

  @Test
  void findAsksEveryPeerUntilOneHostsTheCache() {
    CacheDefinition definition = DefinitionCodec.of(ID, configuration(), new ValueCodec(LOADER));
    peers.fetched.put(C, definition);
    listenerPeers.known.put(C, List.of(LISTENER_ON_C));
    HostedCache found = definitions.find(ID);
    assertNotNull(found);
    assertEquals(List.of(LISTENER_ON_C), listeners.known(found));
    assertNull(definitions.find(new CacheId("urn:test", "nowhere")));
  }

  @Test
  void aPeerIsToldWhatThisNodeHosts() {
    DefineOutcome created = definitions.defineFromPeer(ID, configuration());
    assertEquals(HostedCaches.Outcome.CREATED, created.outcome());
    listeners.add(caches.get(ID), LISTENER_ON_C);
    assertEquals(HostedCaches.Outcome.JOINED, definitions.defineFromPeer(ID, configuration()).outcome());
    assertEquals(List.of(LISTENER_ON_C), definitions.defineFromPeer(ID, configuration()).listeners());

    DefineOutcome conflict = definitions.defineFromPeer(ID, another());
    assertEquals(HostedCaches.Outcome.CONFLICT, conflict.outcome());
    assertEquals(configuration().toString(), conflict.existing());

    CacheDefinition described = definitions.describe(ID).orElseThrow();
    assertEquals(configuration(), definitions.configuration(described, "c"), "the definition, without its listeners");
    assertEquals(Optional.empty(), definitions.describe(new CacheId("urn:test", "nowhere")));
  }

  @Test
  void destroyDestroysHereThenOnEveryPeer() {
    definitions.define(ID, configuration(), LOADER);
    List<CacheId> destroyedOnPeers = new ArrayList<>();
    peers.destroyed = id -> {
      assertNull(caches.get(id), "this node destroys the cache first");
      destroyedOnPeers.add(id);
      return List.of(new PeerAnswer<>(B, true, null), new PeerAnswer<>(C, null, unreachable(C)));
    };
    definitions.destroy(ID);
    assertEquals(List.of(ID), destroyedOnPeers);
  }

  /** Peers whose answers each test sets. */
  private static final class FakePeers implements DefinitionPeers {
    Function<CacheDefinition, List<PeerAnswer<DefineOutcome>>> defineAnswers = definition -> List.of();
    Function<CacheId, List<PeerAnswer<Boolean>>> destroyed = id -> List.of();
    final Map<Member, CacheDefinition> fetched = new ConcurrentHashMap<>();

    @Override
    public List<PeerAnswer<DefineOutcome>> define(ClusterView view, CacheDefinition definition) {
      return defineAnswers.apply(definition);
    }

    @Override
    public List<PeerAnswer<Boolean>> destroy(ClusterView view, CacheId id) {
      return destroyed.apply(id);
    }

    @Override
    public List<PeerAnswer<Optional<CacheDefinition>>> fetchFromAll(ClusterView view, CacheId id) {
      List<PeerAnswer<Optional<CacheDefinition>>> answers = new ArrayList<>();
      for (Member peer : view.peers()) {
        answers.add(new PeerAnswer<>(peer, fetch(view, peer, id), null));
      }
      return answers;
    }

    @Override
    public Optional<CacheDefinition> fetch(ClusterView view, Member peer, CacheId id) {
      return Optional.ofNullable(fetched.get(peer)).filter(definition -> definition.id().equals(id));
    }
  }

  /** Peers that take every registration, tell the ones each test sets, and never hear an event. */
  private static final class FakeListenerPeers implements ListenerPeers {
    final Map<Member, List<ListenerSpec>> known = new ConcurrentHashMap<>();

    @Override
    public List<ListenerSpec> known(ClusterView view, Member peer, CacheId cache) {
      return known.getOrDefault(peer, List.of());
    }

    @Override
    public List<PeerAnswer<List<ListenerSpec>>> knownByAll(ClusterView view, CacheId cache) {
      List<PeerAnswer<List<ListenerSpec>>> answers = new ArrayList<>();
      for (Member peer : view.peers()) {
        answers.add(new PeerAnswer<>(peer, known(view, peer, cache), null));
      }
      return answers;
    }

    @Override
    public List<PeerAnswer<Void>> add(ClusterView view, CacheId cache, ListenerSpec listener) {
      return List.of();
    }

    @Override
    public List<PeerAnswer<Void>> remove(ClusterView view, CacheId cache, ListenerSpec listener) {
      return List.of();
    }

    @Override
    public RuntimeException deliver(ClusterView view, Member node, CacheId cache, ListenerEvent event) {
      return null;
    }
  }
}
