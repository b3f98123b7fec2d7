package io.peanutcache.cluster.transport;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.peanutcache.cluster.transport.proto.CacheRequest;
import io.peanutcache.cluster.transport.proto.DefineCacheRequest;
import io.peanutcache.cluster.transport.proto.EntriesRequest;
import io.peanutcache.cluster.transport.proto.EventRequest;
import io.peanutcache.cluster.transport.proto.InvalidationBatch;
import io.peanutcache.cluster.transport.proto.InvokeAllRequest;
import io.peanutcache.cluster.transport.proto.InvokeRequest;
import io.peanutcache.cluster.transport.proto.IterateRequest;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.cluster.transport.proto.KeysRequest;
import io.peanutcache.cluster.transport.proto.LeaseRequest;
import io.peanutcache.cluster.transport.proto.ListenerRequest;
import io.peanutcache.cluster.transport.proto.LoadAllRequest;
import io.peanutcache.cluster.transport.proto.PutRequest;
import io.peanutcache.cluster.transport.proto.ReadBatch;
import io.peanutcache.cluster.transport.proto.RemoveAllRequest;
import io.peanutcache.cluster.transport.proto.RemoveRequest;
import io.peanutcache.cluster.transport.proto.ReplaceRequest;
import io.peanutcache.cluster.transport.proto.TakeRequest;
import io.peanutcache.threads.PressureLog;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The sender of a call, certified by the caller's certificate, for
 * {@code peanutcache.tls.member-names}: every call a node makes over TLS carries its member name in
 * the {@value #METADATA_KEY} header ({@link #stamp}), and a server with member names on takes a
 * call only when the caller's certificate names that member ({@link MemberNames}), and when every
 * request of the call that names its sender (the header's sender, a definition's sender) names the
 * same one. Anything else fails with PERMISSION_DENIED before the request reaches its handler, so
 * a member's certificate cannot be used to speak for another member; refusals are logged at most
 * once a minute (see {@link PressureLog}).
 */
final class CertifiedSender implements ServerInterceptor {

  private static final System.Logger LOG = System.getLogger(CertifiedSender.class.getName());

  /** The name of the header of a call that names its sender. */
  static final String METADATA_KEY = "peanutcache-sender-bin";

  /** The header of a call that names its sender, the member name in UTF-8. */
  static final Metadata.Key<byte[]> SENDER = Metadata.Key.of(METADATA_KEY, Metadata.BINARY_BYTE_MARSHALLER);

  /** Where a session keeps the certificate of its peer, read once per connection. */
  private static final String PEER_CERTIFICATE = "peanutcache.peer-certificate";

  private final String self;
  private final PressureLog refusals;

  /**
   * The check of the calls to node {@code self}.
   *
   * @param self the node's name, for messages
   */
  CertifiedSender(String self) {
    this.self = self;
    this.refusals = new PressureLog(LOG, "calls whose sender the caller's certificate does not name were "
        + "refused on node " + self);
  }

  /**
   * The interceptor of a node's calls that names the node as their sender.
   *
   * @param self the node's member name
   * @return the interceptor
   */
  static ClientInterceptor stamp(String self) {
    byte[] name = self.getBytes(StandardCharsets.UTF_8);
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            headers.put(SENDER, name);
            super.start(listener, headers);
          }
        };
      }
    };
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    byte[] claimed = headers.get(SENDER);
    String sender = claimed == null ? null : new String(claimed, StandardCharsets.UTF_8);
    String refusal = refusal(call, sender);
    if (refusal != null) {
      refuse(call, refusal);
      return new ServerCall.Listener<>() {};
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      /** Set on the network thread that delivers the call's messages; read there too. */
      private boolean refused;

      @Override
      public void onMessage(Q message) {
        if (refused) {
          return;
        }
        String named = senderOf(message);
        if (named != null && !named.equals(sender)) {
          refused = true;
          refuse(call, "its request names the sender \"" + named + "\", but the call comes from member "
              + sender + ", which the caller's certificate names; allowed: requests that name the member "
              + "the certificate names (peanutcache.tls.member-names is on)");
          return;
        }
        super.onMessage(message);
      }

      @Override
      public void onHalfClose() {
        if (!refused) {
          super.onHalfClose();
        }
      }

      @Override
      public void onReady() {
        if (!refused) {
          super.onReady();
        }
      }
    };
  }

  /** Why the call is refused before its first request, or null if its caller's certificate names its sender. */
  private static String refusal(ServerCall<?, ?> call, String sender) {
    if (sender == null || sender.isEmpty()) {
      return "the call names no sender (the " + METADATA_KEY + " header); allowed: calls of members, "
          + "which name themselves (peanutcache.tls.member-names is on)";
    }
    X509Certificate certificate = peerCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    if (certificate == null) {
      return "the call comes with no client certificate; allowed: " + MemberNames.allowed(sender);
    }
    if (!MemberNames.names(certificate, sender)) {
      return "the call claims the sender " + sender + ", but the caller's certificate ("
          + certificate.getSubjectX500Principal().getName() + ") names " + MemberNames.describe(certificate)
          + "; allowed: " + MemberNames.allowed(sender);
    }
    return null;
  }

  /** The client's certificate of a TLS session, read once per session. */
  private static X509Certificate peerCertificate(SSLSession session) {
    if (session == null) {
      return null;
    }
    Object kept = session.getValue(PEER_CERTIFICATE);
    if (kept instanceof X509Certificate certificate) {
      return certificate;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
        return null;
      }
      session.putValue(PEER_CERTIFICATE, certificate);
      return certificate;
    } catch (SSLPeerUnverifiedException none) {
      return null;
    }
  }

  private void refuse(ServerCall<?, ?> call, String refusal) {
    String description = call.getMethodDescriptor().getBareMethodName() + " refused by " + self + ": " + refusal;
    refusals.refused(() -> "the latest: " + description);
    call.close(Status.PERMISSION_DENIED.withDescription(description), new Metadata());
  }

  /**
   * The sender a request names, or null for a request that names none (a lease's later steps,
   * which its first step named).
   *
   * @param request a request of the peer service
   * @return the sender it names, empty if its header is missing
   */
  static String senderOf(Object request) {
    if (request instanceof KeyRequest r) {
      return r.getHeader().getSender();
    } else if (request instanceof PutRequest r) {
      return r.getHeader().getSender();
    } else if (request instanceof RemoveRequest r) {
      return r.getHeader().getSender();
    } else if (request instanceof ReplaceRequest r) {
      return r.getHeader().getSender();
    } else if (request instanceof InvokeRequest r) {
      return r.getHeader().getSender();
    } else if (request instanceof KeysRequest r) {
      return r.getHeader().getSender();
    } else if (request instanceof EntriesRequest r) {
      return r.getHeader().getSender();
    } else if (request instanceof RemoveAllRequest r) {
      return r.getHeader().getSender();
    } else if (request instanceof LoadAllRequest r) {
      return r.getHeader().getSender();
    } else if (request instanceof InvokeAllRequest r) {
      return r.getHeader().getSender();
    } else if (request instanceof CacheRequest r) {
      return r.getHeader().getSender();
    } else if (request instanceof IterateRequest r) {
      return r.getHeader().getSender();
    } else if (request instanceof ListenerRequest r) {
      return r.getHeader().getSender();
    } else if (request instanceof EventRequest r) {
      return r.getHeader().getSender();
    } else if (request instanceof InvalidationBatch r) {
      return r.getHeader().getSender();
    } else if (request instanceof DefineCacheRequest r) {
      return r.getSender();
    } else if (request instanceof TakeRequest r) {
      return r.getSender();
    } else if (request instanceof ReadBatch r) {
      return senderOf(r);
    } else if (request instanceof LeaseRequest r) {
      return r.hasAcquire() ? r.getAcquire().getHeader().getSender() : null;
    }
    return ""; // a request of a kind this check does not know names no sender, and is refused
  }

  /**
   * The sender every header of a batch of reads names; where two differ, both, which no member
   * is; null for a batch of no header, which names none (and whose reads, if any, are refused).
   */
  private static String senderOf(ReadBatch batch) {
    String named = null;
    for (io.peanutcache.cluster.transport.proto.Header header : batch.getHeadersList()) {
      if (named == null) {
        named = header.getSender();
      } else if (!named.equals(header.getSender())) {
        return named + "\" and \"" + header.getSender();
      }
    }
    return named;
  }
}
