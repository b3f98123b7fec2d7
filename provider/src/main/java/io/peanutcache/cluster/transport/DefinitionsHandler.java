package io.peanutcache.cluster.transport;

import io.grpc.stub.StreamObserver;
import io.peanutcache.CodecException;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.hosting.HostedCache;
import io.peanutcache.cluster.hosting.HostedCaches;
import io.peanutcache.cluster.transport.proto.CacheDefinition;
import io.peanutcache.cluster.transport.proto.CacheRequest;
import io.peanutcache.cluster.transport.proto.DefineCacheReply;
import io.peanutcache.cluster.transport.proto.DefineCacheRequest;
import io.peanutcache.cluster.transport.proto.DefinitionReply;
import io.peanutcache.cluster.transport.proto.Header;
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
    answer(out, () -> {
      CacheDefinition definition = request.getDefinition();
      HostedCaches.Definition defined = define(definition);
      DefineCacheReply.Builder reply = DefineCacheReply.newBuilder().setOutcome(switch (defined.outcome()) {
        case CREATED -> DefineCacheReply.Outcome.CREATED;
        case JOINED -> DefineCacheReply.Outcome.JOINED;
        case CONFLICT -> DefineCacheReply.Outcome.CONFLICT;
      });
      if (defined.outcome() == HostedCaches.Outcome.CONFLICT) {
        reply.setExisting(defined.cache().configuration().toString());
      } else {
        reply.addAllListeners(host.listeners().known(defined.cache()));
      }
      return reply.build();
    });
  }

  void destroyCache(CacheRequest request, StreamObserver<Reply> out) {
    answer(out, () -> {
      Header header = request.getHeader();
      boolean destroyed = host.caches().destroy(new CacheId(header.getCacheUri(), header.getCacheName()));
      return Reply.newBuilder().setFlag(destroyed).build();
    });
  }

  void fetchDefinition(CacheRequest request, StreamObserver<DefinitionReply> out) {
    answer(out, () -> {
      Header header = request.getHeader();
      HostedCache cache = host.caches().get(new CacheId(header.getCacheUri(), header.getCacheName()));
      if (cache == null) {
        return DefinitionReply.newBuilder().setKnown(false).build();
      }
      return DefinitionReply.newBuilder().setKnown(true).setDefinition(Definitions.of(cache))
          .addAllListeners(host.listeners().known(cache)).build();
    });
  }

  private HostedCaches.Definition define(CacheDefinition definition) {
    PeanutConfiguration<Object, Object> configuration;
    try {
      configuration = Definitions.configuration(definition, host.classLoader());
    } catch (CodecException e) {
      throw invalid("the configuration of cache " + definition.getCacheName() + " cannot be read: "
          + e.getMessage());
    }
    return host.caches().define(new CacheId(definition.getCacheUri(), definition.getCacheName()),
        configuration, host.classLoader());
  }
}
