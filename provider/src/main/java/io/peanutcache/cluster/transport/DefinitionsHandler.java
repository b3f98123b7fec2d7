package io.peanutcache.cluster.transport;

import io.grpc.stub.StreamObserver;
import io.peanutcache.CodecException;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.cluster.peers.CacheDefinition;
import io.peanutcache.cluster.peers.DefineOutcome;
import io.peanutcache.cluster.transport.proto.CacheRequest;
import io.peanutcache.cluster.transport.proto.DefineCacheReply;
import io.peanutcache.cluster.transport.proto.DefineCacheRequest;
import io.peanutcache.cluster.transport.proto.DefinitionReply;
import io.peanutcache.cluster.transport.proto.Header;
import io.peanutcache.cluster.transport.proto.Reply;

/**
 * Answers what peers say and ask of cache definitions: a cache defined on a peer, the definition
 * of a cache a peer does not know, and a cache destroyed on a peer. Only a member may define or
 * destroy a cache (see {@link MembersOnly}); the definition goes to anyone who asks, without the
 * cache's listeners.
 */
final class DefinitionsHandler extends PeerHandler {

  private final MembersOnly members;

  DefinitionsHandler(PeerHost host, MembersOnly members) {
    super(host);
    this.members = members;
  }

  void defineCache(DefineCacheRequest request, StreamObserver<DefineCacheReply> out) {
    members.answer(this, "defineCache", request.getSender(), request.getEpoch(), out, () ->
        DefinitionWire.reply(define(DefinitionWire.definition(request.getDefinition()), request.getSender())));
  }

  void destroyCache(CacheRequest request, StreamObserver<Reply> out) {
    members.answer(this, "destroyCache", request.getHeader(), out, () -> {
      Header header = request.getHeader();
      boolean destroyed = host.caches().destroy(Headers.cacheId(header));
      return Reply.newBuilder().setFlag(destroyed).build();
    });
  }

  void fetchDefinition(CacheRequest request, StreamObserver<DefinitionReply> out) {
    answer(out, () -> DefinitionWire.reply(host.definitions().describe(Headers.cacheId(request.getHeader()))));
  }

  private DefineOutcome define(CacheDefinition definition, String sender) {
    PeanutConfiguration<Object, Object> configuration;
    try {
      configuration = host.definitions().configuration(definition, sender);
    } catch (CodecException e) {
      throw invalid("the configuration of cache " + definition.id().name() + " cannot be read: "
          + e.getMessage());
    }
    return host.definitions().defineFromPeer(definition.id(), configuration);
  }
}
