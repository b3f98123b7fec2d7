package io.peanutcache.cluster.transport;

import io.grpc.ClientInterceptor;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSslServerSessionContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSslSessionContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.peanutcache.InvalidSettingException;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.settings.HostAndPort;
import io.peanutcache.settings.TlsSettings;
import io.peanutcache.threads.DaemonThreads;
import io.peanutcache.threads.PressureLog;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;
import javax.net.ssl.SSLException;

/**
 * The mutual TLS of a node with its peers, one per node: its server asks every client for a
 * certificate that chains to the trusted authorities, and its calls present its own and check the
 * server's (the host of the member's address, and with {@code peanutcache.tls.member-names} the
 * member's name). The server's and the calls' contexts are built once, when the node starts; every
 * connection to a peer shares the calls' one.
 *
 * <p><b>Rotation.</b> One daemon thread of the node reads the files every
 * {@link #CHECK_INTERVAL} and, when what they hold changed, checks it and hands it to the key and
 * trust managers both contexts share ({@link ReloadingKeyManager}, {@link ReloadingTrustManager}):
 * new connections, either way, use the new certificate and authorities within that interval;
 * connections already open, and the calls on them, go on as they are. Files that change to
 * something that cannot be used (unreadable, not PEM or PKCS#12, a key that is not the
 * certificate's) leave the node with what it had, and once they have stayed so for one more
 * interval (a rotation may write the certificate and its key one after the other) one warning
 * names the setting and what is wrong; one INFO line says when new material is taken. No session
 * made with what the node had before is resumed (see {@link #forgetSessions}).
 */
public final class PeerTls implements Closeable {

  private static final System.Logger LOG = System.getLogger(PeerTls.class.getName());

  /** How often the node reads its TLS files for a change. */
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);

  private final TlsSettings settings;
  private final String self;
  private final ReloadingKeyManager keys;
  private final ReloadingTrustManager trust;
  private final SslContext server;
  private final SslContext client;
  /** The member each peer address is called as, for the check of the servers' names. */
  private final ConcurrentMap<HostAndPort, String> membersByAddress = new ConcurrentHashMap<>();
  private final PressureLog serverRefusals;
  private final ScheduledExecutorService reader;

  // what the reads of the files saw, guarded by this
  /** The digests of the files whose material the node uses, by setting. */
  private Map<String, String> taken;
  /** What was wrong with the files the last time they could not be used, or null. */
  private String refused;
  /** Whether the node warned of {@link #refused}. */
  private boolean warned;

  private PeerTls(TlsSettings settings, String self, TlsMaterial material, Map<String, String> digests) {
    this.settings = settings;
    this.self = self;
    this.taken = digests;
    this.keys = new ReloadingKeyManager(material);
    this.trust = new ReloadingTrustManager(material, settings.memberNames() ? this::checkServer : null);
    this.serverRefusals = new PressureLog(LOG, "peers whose certificate does not name the member they were "
        + "called as were refused by node " + self);
    try {
      this.server = GrpcSslContexts.configure(SslContextBuilder.forServer(keys))
          .trustManager(trust)
          .clientAuth(ClientAuth.REQUIRE)
          .build();
      this.client = GrpcSslContexts.forClient().keyManager(keys).trustManager(trust).build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new CacheException("node " + self + " cannot set up TLS with the files of " + settings.files()
          + ": " + e, e);
    }
    // a resumed session skips the check of the certificates: the calls never offer one, and the
    // server resumes only sessions made with the files it has now
    if (client.sessionContext() instanceof OpenSslSessionContext calls) {
      calls.setSessionCacheEnabled(false);
    }
    forgetSessions(digests);
    this.reader = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("peanutcache-tls-" + self));
  }

  /**
   * Reads the TLS files, builds the contexts and starts reading the files for changes.
   *
   * @param settings the node's TLS settings
   * @param self the node's member name: what its calls name as their sender, and what its
   *     certificate names with member names on
   * @return the node's TLS, to be {@linkplain #close() closed} with the node
   * @throws CacheException if a file does not hold what its setting allows, naming the setting
   */
  public static PeerTls start(TlsSettings settings, String self) {
    PeerTls tls = load(settings, self);
    long interval = CHECK_INTERVAL.toMillis();
    tls.reader.scheduleWithFixedDelay(tls::readFiles, interval, interval, TimeUnit.MILLISECONDS);
    return tls;
  }

  /**
   * Reads the TLS files and builds the contexts, without reading the files again by itself: the
   * caller calls {@link #readFiles()}.
   *
   * @see #start(TlsSettings, String)
   */
  static PeerTls load(TlsSettings settings, String self) {
    Map<String, byte[]> contents;
    TlsMaterial material;
    try {
      contents = TlsMaterial.contents(settings);
      material = TlsMaterial.parse(settings, contents);
    } catch (TlsMaterial.Unusable e) {
      throw new CacheException("the TLS files cannot be used: " + e.getMessage(), e);
    }
    return new PeerTls(settings, self, material, digests(contents));
  }

  /** The context of the node's server. */
  SslContext server() {
    return server;
  }

  /** The context of the node's calls, which every connection to a peer shares. */
  SslContext client() {
    return client;
  }

  /** The certificate this node presents to new connections, either way: the one taken last. */
  X509Certificate certificate() {
    return keys.certificate();
  }

  /** The authorities this node trusts in new connections, either way: those taken last. */
  List<X509Certificate> authorities() {
    return List.of(trust.getAcceptedIssuers());
  }

  /**
   * The check of the callers' names by the node's server, with member names on.
   *
   * @return the interceptor, or null when member names are off
   */
  ServerInterceptor certifiedSender() {
    return settings.memberNames() ? new CertifiedSender(self) : null;
  }

  /** Names this node as the sender of every call it makes, so that a server can check it. */
  ClientInterceptor stampSender() {
    return CertifiedSender.stamp(self);
  }

  /**
   * Notes that the connections to {@code peer}'s address are calls to that member, whose
   * certificate must name it with member names on.
   *
   * @param peer the peer
   * @return forgets it, for a client that is closed; forgets nothing if another member has taken
   *     the address since
   */
  Runnable expect(Member peer) {
    HostAndPort address;
    try {
      address = HostAndPort.parse("the address of member " + peer.name(), peer.address());
    } catch (InvalidSettingException unreadable) {
      return () -> {}; // no connection can name it: the check refuses them all
    }
    membersByAddress.put(address, peer.name());
    return () -> membersByAddress.remove(address, peer.name());
  }

  /**
   * The member a node calls at {@code host:port}.
   *
   * @param host the host dialled, an IPv6 address with or without brackets
   * @param port the port
   * @return the member's name, or null if none is called there
   */
  String memberAt(String host, int port) {
    if (host == null) {
      return null;
    }
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      return membersByAddress.get(new HostAndPort(bare, port));
    } catch (IllegalArgumentException notAnAddress) {
      return null;
    }
  }

  private void checkServer(X509Certificate certificate, String host, int port) throws CertificateException {
    String member = memberAt(host, port);
    String refusal;
    if (member == null) {
      refusal = "node " + self + " calls no member at " + host + ":" + port;
    } else if (!MemberNames.names(certificate, member)) {
      refusal = "node " + self + " called member " + member + " at " + host + ":" + port + ", whose certificate ("
          + certificate.getSubjectX500Principal().getName() + ") names " + MemberNames.describe(certificate)
          + "; allowed: " + MemberNames.allowed(member);
    } else {
      return;
    }
    serverRefusals.refused(() -> "the latest: " + refusal);
    throw new CertificateException(refusal);
  }

  /** Takes what the files hold now if it changed and can be used; see the class description. */
  synchronized void readFiles() {
    try {
      Map<String, byte[]> contents = TlsMaterial.contents(settings);
      Map<String, String> digests = digests(contents);
      if (digests.equals(taken)) {
        refused = null; // files that could not be used are back to what the node uses
        return;
      }
      TlsMaterial material = TlsMaterial.parse(settings, contents);
      List<String> changed = new ArrayList<>();
      boolean identityChanged = false;
      for (Map.Entry<String, String> file : digests.entrySet()) {
        if (!file.getValue().equals(taken.get(file.getKey()))) {
          changed.add(file.getKey() + "=" + settings.files().get(file.getKey()));
          identityChanged |= !file.getKey().equals(TlsSettings.TRUST_PROPERTY);
        }
      }
      if (identityChanged) {
        keys.take(material);
      }
      if (!digests.get(TlsSettings.TRUST_PROPERTY).equals(taken.get(TlsSettings.TRUST_PROPERTY))) {
        trust.take(material);
      }
      forgetSessions(digests);
      taken = digests;
      refused = null;
      LOG.log(System.Logger.Level.INFO, "node {0} took its changed TLS files {1}: new connections present {2} "
          + "and trust {3} authorities; open connections go on as they are", self, changed,
          material.describeCertificate(), material.authorities().size());
    } catch (TlsMaterial.Unusable e) {
      notUsable(e.getMessage());
    } catch (RuntimeException e) {
      notUsable(String.valueOf(e));
    }
  }

  /**
   * Makes the sessions made so far impossible to resume: a resumed session skips the check of the
   * certificates and keeps those it was made with. The server's session ID context (which every
   * session, and every session ticket, carries, and which a session must match to be resumed)
   * becomes one of the files' digests; call it once what they hold is taken, so that no session of
   * the new context was made with what the node had before. (The OpenSSL that gRPC bundles for the
   * usual platforms allows this; with the JDK's TLS a session resumed within its lifetime keeps
   * its certificates.)
   */
  private void forgetSessions(Map<String, String> digests) {
    if (server.sessionContext() instanceof OpenSslServerSessionContext served) {
      // 32 bytes, the most a context holds
      served.setSessionIdContext(HexFormat.of().parseHex(digest(digests.toString().getBytes(StandardCharsets.UTF_8))));
    }
  }

  /**
   * Keeps what the node has; warns once when the files stayed so for one more check: a rotation
   * that writes the certificate, then the key, is seen half done now and then.
   */
  private void notUsable(String problem) {
    if (!problem.equals(refused)) {
      refused = problem;
      warned = false;
      return;
    }
    if (!warned) {
      warned = true;
      LOG.log(System.Logger.Level.WARNING, "node {0} keeps the TLS certificate, key and authorities it has, "
          + "as its changed TLS files cannot be used: {1}; it reads them again every {2} s", self, problem,
          CHECK_INTERVAL.toSeconds());
    }
  }

  private static Map<String, String> digests(Map<String, byte[]> contents) {
    Map<String, String> digests = new LinkedHashMap<>();
    contents.forEach((setting, bytes) -> digests.put(setting, digest(bytes)));
    return digests;
  }

  private static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  /** Stops reading the files for changes; the contexts stay usable by connections still open. */
  @Override
  public void close() {
    reader.shutdownNow();
  }

  @Override
  public String toString() {
    return "PeerTls{" + self + ", " + settings.files().keySet() + (settings.memberNames() ? ", member names" : "")
        + "}";
  }
}
