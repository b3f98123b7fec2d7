package io.peanutcache.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of PeanutCache that a node runs, as its build wrote it down. */
final class ProviderVersion {

  private static final String RESOURCE = "version.properties";

  private ProviderVersion() {}

  /**
   * The version this jar was built as.
   *
   * @return for example {@code 0.1.0-SNAPSHOT}
   * @throws IllegalStateException if the build left the version out
   */
  static String current() {
    try (InputStream in = ProviderVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing beside " + ProviderVersion.class.getName()
            + ": the build writes it from the project's version");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
