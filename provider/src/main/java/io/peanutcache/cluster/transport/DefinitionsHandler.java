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
import io.peanutcache.cluster.transport.proto.Reply;

/**
 * Answers what peers say and ask of cache definitions: a cache defined on a peer, the definition
 * of a cache a peer does not know, and a cache destroyed on a peer.
 */
final class DefinitionsHandler extends PeerHandler {

  DefinitionsHandler(PeerHost host) {
    super(host);
  }

  void defineCache(DefineCacheRequest request, StreamObserver<DefineCacheReply> out) {
    answer(out, () -> DefinitionWire.reply(define(DefinitionWire.definition(request.getDefinition()),
        request.getSender())));
  }

  void destroyCache(CacheRequest request, StreamObserver<Reply> out) {
    answer(out, () -> {
      boolean destroyed = host.caches().destroy(Headers.cacheId(request.getHeader()));
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
