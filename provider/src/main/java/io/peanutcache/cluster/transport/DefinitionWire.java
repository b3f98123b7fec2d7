package io.peanutcache.cluster.transport;

import com.google.protobuf.UnsafeByteOperations;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCaches;
import io.peanutcache.cluster.peers.CacheDefinition;
import io.peanutcache.cluster.peers.DefineOutcome;
import io.peanutcache.cluster.transport.proto.DefineCacheReply;
import io.peanutcache.cluster.transport.proto.DefinitionReply;
import java.util.Optional;

/** Cache definitions on the wire: the identity, the encoded configuration and its description. */
final class DefinitionWire {

  private DefinitionWire() {}

  /**
   * The wire form of a definition.
   *
   * @param definition the definition
   * @return the message
   */
  static io.peanutcache.cluster.transport.proto.CacheDefinition definition(CacheDefinition definition) {
    // the configuration's bytes are never modified once the definition is made
    return io.peanutcache.cluster.transport.proto.CacheDefinition.newBuilder()
        .setCacheUri(definition.id().manager())
        .setCacheName(definition.id().name())
        .setConfiguration(UnsafeByteOperations.unsafeWrap(definition.configuration()))
        .setDescription(definition.description())
        .build();
  }

  /**
   * The definition a message carries.
   *
   * @param message the message
   * @return the definition
   */
  static CacheDefinition definition(io.peanutcache.cluster.transport.proto.CacheDefinition message) {
    return new CacheDefinition(new CacheId(message.getCacheUri(), message.getCacheName()),
        message.getConfiguration().toByteArray(), message.getDescription());
  }

  /**
   * The reply to a {@code DefineCache}.
   *
   * @param outcome what the receiver did
   * @return the reply
   */
  static DefineCacheReply reply(DefineOutcome outcome) {
    return DefineCacheReply.newBuilder()
        .setOutcome(switch (outcome.outcome()) {
          case CREATED -> DefineCacheReply.Outcome.CREATED;
          case JOINED -> DefineCacheReply.Outcome.JOINED;
          case CONFLICT -> DefineCacheReply.Outcome.CONFLICT;
        })
        .setExisting(outcome.existing())
        .addAllListeners(ListenerWire.specs(outcome.listeners()))
        .build();
  }

  /**
   * What the receiver of a {@code DefineCache} did; an outcome this version does not know is taken
   * for a join, since only a conflict is refused.
   *
   * @param reply the reply
   * @return the outcome
   */
  static DefineOutcome outcome(DefineCacheReply reply) {
    HostedCaches.Outcome outcome = switch (reply.getOutcome()) {
      case CREATED -> HostedCaches.Outcome.CREATED;
      case JOINED, UNRECOGNIZED -> HostedCaches.Outcome.JOINED;
      case CONFLICT -> HostedCaches.Outcome.CONFLICT;
    };
    return new DefineOutcome(outcome, reply.getExisting(), ListenerWire.fromWire(reply.getListenersList()));
  }

  /**
   * The reply to a {@code FetchDefinition}: the definition alone, since whoever asks may be no
   * member, and only members may know the cache's listeners.
   *
   * @param fetched the definition, or empty if the receiver does not host the cache
   * @return the reply
   */
  static DefinitionReply reply(Optional<CacheDefinition> fetched) {
    if (fetched.isEmpty()) {
      return DefinitionReply.newBuilder().setKnown(false).build();
    }
    return DefinitionReply.newBuilder().setKnown(true).setDefinition(definition(fetched.get())).build();
  }

  /**
   * The definition a {@code FetchDefinition} reply carries.
   *
   * @param reply the reply
   * @return the definition, or empty if the receiver did not host the cache
   */
  static Optional<CacheDefinition> fetched(DefinitionReply reply) {
    if (!reply.getKnown()) {
      return Optional.empty();
    }
    return Optional.of(definition(reply.getDefinition()));
  }
}
