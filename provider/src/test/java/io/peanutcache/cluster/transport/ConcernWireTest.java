package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCaches;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.membership.MembershipView;
import io.peanutcache.cluster.peers.CacheDefinition;
import io.peanutcache.cluster.peers.DefineOutcome;
import io.peanutcache.cluster.peers.HotInvalidations;
import io.peanutcache.cluster.peers.HotStamp;
import io.peanutcache.cluster.peers.ListenerEvent;
import io.peanutcache.cluster.peers.ListenerSpec;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.DefineCacheReply;
import io.peanutcache.cluster.transport.proto.EventKind;
import io.peanutcache.cluster.transport.proto.EventRequest;
import io.peanutcache.cluster.transport.proto.HotReply;
import io.peanutcache.cluster.transport.proto.InvalidationBatch;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.cache.event.EventType;
import org.junit.jupiter.api.Test;

/**
 * The hot cache's, the listeners' and the definitions' messages: what the cluster's own records
 * become on the wire and back, with the header every request carries.
 */
class ConcernWireTest {

  private static final CacheId CACHE = new CacheId("urn:test", "wire");
  private static final ClusterView VIEW = ClusterView.of(
      new MembershipView(7, List.of(new Member("a", "a:1"), new Member("b", "b:1"))), "a", 16);

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anInvalidationBatchCrossesTheWireWithItsHeaderAndAWholePartitionChange() {
    HotInvalidations batch = new HotInvalidations(CACHE, "a", 42,
        List.of(new HotInvalidations.Change(3, 5, bytes("key")), new HotInvalidations.Change(4, 9, null)),
        List.of(new HotInvalidations.Sequence(3, 5)));
    InvalidationBatch message = HotWire.batch(batch, VIEW);
    assertEquals("urn:test", message.getHeader().getCacheUri());
    assertEquals("wire", message.getHeader().getCacheName());
    assertEquals("a", message.getHeader().getSender());
    assertEquals(7, message.getHeader().getEpoch());
    assertTrue(message.getChanges(1).getKey().isEmpty(), "a whole partition's change has no key");

    HotInvalidations back = HotWire.invalidations(message);
    assertEquals(CACHE, back.cache());
    assertEquals("a", back.sender());
    assertEquals(42, back.incarnation());
    assertArrayEquals(bytes("key"), back.changes().get(0).key());
    assertEquals(5, back.changes().get(0).sequence());
    assertNull(back.changes().get(1).key());
    assertEquals(List.of(new HotInvalidations.Sequence(3, 5)), back.sequences());
  }

  @Test
  void aHotReplyGivesItsStamp() {
    HotReply reply = HotReply.newBuilder().setIncarnation(42).setSequence(5).setExpiresInNanos(1_000).build();
    assertEquals(new HotStamp(42, 5, 1_000), HotWire.stamp(reply));
    assertEquals(new HotStamp(0, 0, 0), HotWire.stamp(HotReply.getDefaultInstance()),
        "an owner that keeps no sequences stamps nothing");
  }

  @Test
  void aListenerSpecCrossesTheWireWithItsEventTypes() {
    ListenerSpec spec = new ListenerSpec("b", 99, EnumSet.of(EventType.CREATED, EventType.EXPIRED), true, false);
    io.peanutcache.cluster.transport.proto.ListenerSpec message = ListenerWire.spec(spec);
    assertEquals(List.of(EventKind.EVENT_CREATED, EventKind.EVENT_EXPIRED), message.getKindsList());
    assertEquals(spec, ListenerWire.spec(message));
  }

  @Test
  void aRemovalNamingAnEventKindThisVersionDoesNotKnowStillNamesItsListener() {
    io.peanutcache.cluster.transport.proto.ListenerSpec fromANewerPeer =
        io.peanutcache.cluster.transport.proto.ListenerSpec.newBuilder().setNode("b").setId(7)
            .addKinds(EventKind.EVENT_CREATED).addKindsValue(99).build();
    assertThrows(IllegalArgumentException.class, () -> ListenerWire.spec(fromANewerPeer));
    ListenerSpec removal = ListenerWire.removal(fromANewerPeer);
    assertEquals("b", removal.node());
    assertEquals(7, removal.id());
  }

  @Test
  void anUnknownEventKindIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ListenerWire.type(EventKind.UNRECOGNIZED));
    for (EventType type : EventType.values()) {
      assertEquals(type, ListenerWire.type(ListenerWire.kind(type)));
    }
  }

  @Test
  void anEventCarriesOnlyTheValuesItHas() {
    EventRequest request = ListenerWire.event(CACHE, VIEW,
        new ListenerEvent(99, EventType.REMOVED, bytes("key"), null, bytes("old")));
    assertEquals(99, request.getListenerId());
    assertEquals(EventKind.EVENT_REMOVED, request.getKind());
    assertEquals("a", request.getHeader().getSender());
    assertFalse(request.getHasValue());
    assertTrue(request.getHasOldValue());
    assertEquals("old", request.getOldValue().toStringUtf8());
  }

  @Test
  void aDefinitionAndItsRepliesCrossTheWire() {
    CacheDefinition definition = new CacheDefinition(CACHE, bytes("configuration"), "a description");
    CacheDefinition back = DefinitionWire.definition(DefinitionWire.definition(definition));
    assertEquals(CACHE, back.id());
    assertArrayEquals(bytes("configuration"), back.configuration());
    assertEquals("a description", back.description());

    ListenerSpec listener = new ListenerSpec("b", 1, Set.of(EventType.UPDATED), false, true);
    DefineOutcome joined = DefinitionWire.outcome(DefinitionWire.reply(
        new DefineOutcome(HostedCaches.Outcome.JOINED, "", List.of(listener))));
    assertEquals(new DefineOutcome(HostedCaches.Outcome.JOINED, "", List.of(listener)), joined);
    DefineOutcome conflict = DefinitionWire.outcome(DefinitionWire.reply(
        new DefineOutcome(HostedCaches.Outcome.CONFLICT, "another", List.of())));
    assertEquals(HostedCaches.Outcome.CONFLICT, conflict.outcome());
    assertEquals("another", conflict.existing());
    assertEquals(HostedCaches.Outcome.JOINED,
        DefinitionWire.outcome(DefineCacheReply.newBuilder().setOutcomeValue(7).build()).outcome(),
        "only a conflict is refused");

    assertEquals(Optional.empty(), DefinitionWire.fetched(DefinitionWire.reply(Optional.empty())));
    CacheDefinition fetched = DefinitionWire.fetched(DefinitionWire.reply(Optional.of(definition))).orElseThrow();
    assertEquals(CACHE, fetched.id());
    assertArrayEquals(bytes("configuration"), fetched.configuration());
  }
}
