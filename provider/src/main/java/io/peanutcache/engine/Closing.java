package io.peanutcache.engine;

/** Closes what a cache built from its configuration's factories, logging failures. */
final class Closing {

  private Closing() {}

  /** Closes {@code resource} if it is {@link AutoCloseable}; a failure is logged, not thrown. */
  static void closeQuietly(Object resource) {
    if (resource instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        System.getLogger(Closing.class.getName())
            .log(System.Logger.Level.WARNING, "closing " + resource + " failed", e);
      }
    }
  }
}
