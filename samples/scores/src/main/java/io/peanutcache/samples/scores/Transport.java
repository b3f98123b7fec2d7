package io.peanutcache.samples.scores;

import io.peanutcache.settings.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * How the demo's nodes talk to each other: in plaintext, or mutual TLS with the certificates of a
 * directory, as the {@code openssl} recipe of the README's "Security" section makes them.
 */
sealed interface Transport {

  /** The nodes talk plaintext: no TLS setting is given. */
  Transport PLAINTEXT = new Plaintext();

  /**
   * Adds the node settings of this transport to a node's.
   *
   * @param settings the node's settings, changed
   */
  void addNodeSettings(Properties settings);

  /**
   * Says how the nodes talk, for the demo's start lines.
   *
   * @return for example {@code mutual TLS with the certificates in /tmp/scores-tls (node.pem,
   *     node-key.pem, ca.pem)}
   */
  String describe();

  /** No TLS: the nodes talk plaintext, as PeanutCache does without TLS settings. */
  record Plaintext() implements Transport {

    @Override
    public void addNodeSettings(Properties settings) {
      // plaintext is what a node does without TLS settings
    }

    @Override
    public String describe() {
      return "plaintext";
    }
  }

  /**
   * Mutual TLS: every node presents {@value #CERTIFICATE} with its key {@value #KEY}, and trusts
   * the authority of {@value #TRUST}, the files of one directory. One certificate serves every node
   * of a host: it names the host, not the node.
   *
   * @param directory the directory of the three files
   */
  record Tls(Path directory) implements Transport {

    /** The authority every node trusts, as the recipe names it. */
    static final String TRUST = "ca.pem";

    /** The certificate every node presents, as the recipe names it. */
    static final String CERTIFICATE = "node.pem";

    /** The private key of {@value #CERTIFICATE}, unencrypted PKCS#8, as the recipe names it. */
    static final String KEY = "node-key.pem";

    /** The files the directory must hold. */
    static final List<String> FILES = List.of(TRUST, CERTIFICATE, KEY);

    /**
     * The files of {@link #FILES} that the directory lacks or that cannot be read.
     *
     * @param directory the directory
     * @return their names, empty when all are there
     */
    static List<String> missingFiles(Path directory) {
      return FILES.stream().filter(file -> !Files.isRegularFile(directory.resolve(file))
          || !Files.isReadable(directory.resolve(file))).toList();
    }

    @Override
    public void addNodeSettings(Properties settings) {
      settings.setProperty(TlsSettings.CERTIFICATE_PROPERTY,
          directory.resolve(CERTIFICATE).toString());
      settings.setProperty(TlsSettings.KEY_PROPERTY, directory.resolve(KEY).toString());
      settings.setProperty(TlsSettings.TRUST_PROPERTY, directory.resolve(TRUST).toString());
    }

    @Override
    public String describe() {
      return "mutual TLS with the certificates in " + directory + " (" + CERTIFICATE + ", " + KEY
          + ", " + TRUST + ")";
    }
  }
}
