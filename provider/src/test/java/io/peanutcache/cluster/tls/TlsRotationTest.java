package io.peanutcache.cluster.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.settings.TlsSettings;
import io.peanutcache.testing.Await;
import io.peanutcache.testing.InJvmCluster;
import io.peanutcache.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Certificates rotated on disk while three nodes over TLS serve a workload: the nodes take a new
 * trust bundle (the old authority and a new one), then a new certificate of the new authority,
 * without a restart; new connections get the new certificate within 10 s, both to a node's server
 * (even from a client that offers to resume a session made before) and from a node's calls, and
 * the workload sees no failed operation.
 */
class TlsRotationTest {

  private static final Path FILES = TestCertificates.directory("peanutcache-tls-rotation");
  private static final TestCertificates OLD = TestCertificates.authority(FILES, "old");
  private static final TestCertificates NEW = TestCertificates.authority(FILES, "new");
  private static final TestCertificates.Issued FIRST = OLD.issue("first");

  /** The files the nodes read, which the test replaces as a deployment does: by a rename. */
  private static final Path CERTIFICATE = replace(FILES.resolve("node.pem"), FIRST.certificate());
  private static final Path KEY = replace(FILES.resolve("node-key.pem"), FIRST.key());
  private static final Path TRUST = replace(FILES.resolve("trust.pem"), OLD.trust());

  /** Within how long a rotated file must be used by new connections. */
  private static final Duration ROTATED_WITHIN = Duration.ofSeconds(10);

  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(3).rpcTimeout(Duration.ofSeconds(10))
      .with(TlsSettings.CERTIFICATE_PROPERTY, CERTIFICATE.toString())
      .with(TlsSettings.KEY_PROPERTY, KEY.toString())
      .with(TlsSettings.TRUST_PROPERTY, TRUST.toString());

  /** The raw clients' contexts, one per certificate; each keeps the sessions it made. */
  private static final Map<TestCertificates.Issued, SSLContext> CONTEXTS = new ConcurrentHashMap<>();

  /** Puts a copy of {@code source} at {@code target} in one rename, as Kubernetes swaps a secret. */
  private static Path replace(Path target, Path source) {
    try {
      Path next = Files.createTempFile(FILES, "next-", ".pem");
      Files.copy(source, next, StandardCopyOption.REPLACE_EXISTING);
      return Files.move(next, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Cache<String, String> cache(int index) {
    return cluster.manager(index).getCache("rotation", String.class, String.class);
  }

  @Test
  void aRotatedCertificateIsUsedByNewConnectionsWhileAWorkloadRunsWithoutAFailure() throws Exception {
    cluster.manager(0).createCache("rotation", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    Workload workload = new Workload(4);
    try {
      workload.awaitOperations(200);
      for (int index = 0; index < 3; index++) {
        assertEquals(FIRST.serial(), serialPresentedBy(index, FIRST), "node " + index + " before the rotation");
        assertEquals(FIRST.serial(), serialPresentedBy(index, FIRST), "node " + index + ", resumed");
      }

      // first the trust, so that every node takes certificates of either authority
      replace(TRUST, TestCertificates.bundle(FILES.resolve("old-and-new.pem"), OLD, NEW));
      TestCertificates.Issued ofNewAuthority = NEW.issue("client-of-new");
      for (int index = 0; index < 3; index++) {
        int node = index;
        Await.until(ROTATED_WITHIN, () -> accepts(node, ofNewAuthority),
            () -> "node " + node + " takes a client certificate of the new authority");
      }

      // then the certificate: the certificate and its key, one rename each
      TestCertificates.Issued second = NEW.issue("second");
      replace(CERTIFICATE, second.certificate());
      replace(KEY, second.key());
      for (int index = 0; index < 3; index++) {
        int node = index;
        Await.until(ROTATED_WITHIN, () -> second.serial().equals(serialPresentedBy(node, ofNewAuthority)),
            () -> "node " + node + " presents the new certificate to a new connection");
      }
      workload.awaitOperations(200);
    } finally {
      workload.stop();
    }
    assertEquals(List.of(), workload.failures(), "the workload's failed operations");
    assertTrue(workload.operations() > 400, "operations: " + workload.operations());

    // node 2 restarts trusting the new authority alone: the others' new connections to it, and
    // its to them, must present certificates of the new authority
    replace(TRUST, NEW.trust());
    cluster.stop(2);
    cluster.restart(2);
    String ownedBy2 = cluster.keyOwnedBy(2, "owned-");
    cache(0).put(ownedBy2, "after the restart");
    assertEquals("after the restart", cache(1).get(ownedBy2));
    assertEquals("after the restart", cache(2).get(cluster.keyOwnedBy(2, "owned-")));
  }

  /** Puts and reads keys across the nodes on several threads, counting what fails. */
  private static final class Workload {
    private final ExecutorService threads;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong operations = new AtomicLong();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();

    Workload(int threadCount) {
      threads = Executors.newFixedThreadPool(threadCount);
      for (int t = 0; t < threadCount; t++) {
        String prefix = "thread-" + t + "-";
        threads.execute(() -> run(prefix));
      }
    }

    private void run(String prefix) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (long round = 0; !stopped.get(); round++) {
        String key = prefix + random.nextInt(30);
        String value = key + "@" + round;
        try {
          cache(random.nextInt(3)).put(key, value);
          String read = cache(random.nextInt(3)).get(key);
          if (!value.equals(read)) {
            failures.add("read " + read + " after writing " + value);
          }
          operations.addAndGet(2);
        } catch (RuntimeException e) {
          failures.add(e.toString());
        }
      }
    }

    void awaitOperations(long more) {
      long target = operations.get() + more;
      Await.until(Duration.ofSeconds(60), () -> operations.get() >= target || !failures.isEmpty(),
          () -> "the workload makes " + more + " more operations");
    }

    long operations() {
      return operations.get();
    }

    List<String> failures() {
      return new ArrayList<>(failures);
    }

    void stop() throws InterruptedException {
      stopped.set(true);
      threads.shutdown();
      assertTrue(threads.awaitTermination(60, TimeUnit.SECONDS), "the workload's threads end");
    }
  }

  // ---------------------------------------------------------------- a raw TLS client

  /**
   * The serial of the certificate node {@code index} presents to a new connection with
   * {@code client}'s certificate, or null if the node does not take the connection.
   */
  private static BigInteger serialPresentedBy(int index, TestCertificates.Issued client) {
    try (SSLSocket socket = connect(index, client)) {
      return answers(socket) ? ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber() : null;
    } catch (IOException refused) {
      return null;
    }
  }

  /** Whether node {@code index} takes a connection with {@code client}'s certificate. */
  private static boolean accepts(int index, TestCertificates.Issued client) {
    return serialPresentedBy(index, client) != null;
  }

  /**
   * Whether the server answers the HTTP/2 preface rather than closing the connection: with TLS 1.3
   * a refused client certificate shows only after the handshake. Reading also takes the session
   * ticket the server sends, which the client offers on its next connection.
   */
  private static boolean answers(SSLSocket socket) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // an empty SETTINGS frame
    out.flush();
    return socket.getInputStream().read() >= 0;
  }

  /**
   * A connection to node {@code index} with {@code client}'s certificate, through one context per
   * certificate, which offers to resume the session it made before: a node must not resume one
   * made with the files it had before.
   */
  private static SSLSocket connect(int index, TestCertificates.Issued client) throws IOException {
    String[] address = cluster.address(index).split(":");
    SSLContext context = CONTEXTS.computeIfAbsent(client, TlsRotationTest::context);
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(address[0], Integer.parseInt(address[1]));
    try {
      socket.setSoTimeout(10_000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"h2"});
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private static SSLContext context(TestCertificates.Issued client) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {presenting(client)}, new TrustManager[] {new AnyServer()}, null);
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Presents {@code client}'s certificate whatever authorities the server names. */
  private static KeyManager presenting(TestCertificates.Issued client) throws java.security.GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(client.keystore(Files.createTempFile(FILES, "client-", ".p12"), "p"))) {
      store.load(in, "p".toCharArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
    factory.init(store, "p".toCharArray());
    X509ExtendedKeyManager keys = (X509ExtendedKeyManager) factory.getKeyManagers()[0];
    return new X509ExtendedKeyManager() {
      @Override
      public String[] getClientAliases(String keyType, Principal[] issuers) {
        return keys.getClientAliases(keyType, null);
      }

      @Override
      public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return keys.chooseClientAlias(keyType, null, socket);
      }

      @Override
      public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return keys.chooseEngineClientAlias(keyType, null, engine);
      }

      @Override
      public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
      }

      @Override
      public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
      }

      @Override
      public X509Certificate[] getCertificateChain(String alias) {
        return keys.getCertificateChain(alias);
      }

      @Override
      public PrivateKey getPrivateKey(String alias) {
        return keys.getPrivateKey(alias);
      }
    };
  }

  /** Takes any server certificate: the test reads which one a node presents. */
  private static final class AnyServer implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
