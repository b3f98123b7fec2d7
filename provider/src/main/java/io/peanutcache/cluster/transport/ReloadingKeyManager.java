package io.peanutcache.cluster.transport;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * This node's key and certificate chain as both its server and its calls present them, swapped
 * for new ones when the files change: each handshake asks for them anew, so new connections
 * present the new certificate and connections already open go on as they are.
 *
 * <p>Each key taken gets an alias of its own, and the previous one stays known, so a handshake
 * that chose its alias just before a swap still gets a certificate and a key that belong
 * together. The node's certificate is presented whatever authorities the other side asks for:
 * after a rotation to a new authority, a peer that still names only the old one gets the new
 * certificate, which its trust decides on.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {

  private static final AtomicLong GENERATIONS = new AtomicLong();

  /** One key and chain taken, under its own alias. */
  private record Generation(String alias, X509ExtendedKeyManager manager) {}

  private volatile Generation current;
  private volatile Generation previous;

  /**
   * A key manager that presents {@code material}'s key and chain.
   *
   * @param material the key and chain
   */
  ReloadingKeyManager(TlsMaterial material) {
    this.current = generation(material);
    this.previous = current;
  }

  /**
   * Presents {@code material}'s key and chain from the next handshake on.
   *
   * @param material the new key and chain
   */
  void take(TlsMaterial material) {
    Generation next = generation(material);
    previous = current;
    current = next;
  }

  /**
   * The certificate new connections present.
   *
   * @return the first certificate of the chain taken last
   */
  X509Certificate certificate() {
    Generation now = current;
    return now.manager().getCertificateChain(now.alias())[0];
  }

  private static Generation generation(TlsMaterial material) {
    String alias = "peanutcache-" + GENERATIONS.incrementAndGet();
    char[] password = alias.toCharArray(); // only protects the entry in memory
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(alias, material.key(), password,
          material.chain().toArray(new X509Certificate[0]));
      // SunX509 keeps the aliases as they are, which getCertificateChain and getPrivateKey look up
      KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
      factory.init(store, password);
      for (KeyManager manager : factory.getKeyManagers()) {
        if (manager instanceof X509ExtendedKeyManager extended) {
          return new Generation(alias, extended);
        }
      }
      throw new IllegalStateException("the JDK's SunX509 key manager factory made no X509ExtendedKeyManager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot hold a key and certificate this node read: " + e, e);
    }
  }

  private X509ExtendedKeyManager managerOf(String alias) {
    Generation now = current;
    if (now.alias().equals(alias)) {
      return now.manager();
    }
    Generation before = previous;
    return before.alias().equals(alias) ? before.manager() : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return current.manager().getClientAliases(keyType, null);
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return current.manager().chooseClientAlias(keyType, null, socket);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return current.manager().chooseEngineClientAlias(keyType, null, engine);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return current.manager().getServerAliases(keyType, null);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return current.manager().chooseServerAlias(keyType, null, socket);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return current.manager().chooseEngineServerAlias(keyType, null, engine);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    X509ExtendedKeyManager manager = managerOf(alias);
    return manager == null ? null : manager.getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    X509ExtendedKeyManager manager = managerOf(alias);
    return manager == null ? null : manager.getPrivateKey(alias);
  }
}
