package io.peanutcache.cluster;

import io.peanutcache.cluster.loading.DatabaseLikeLoader;
import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.testing.InJvmCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;

/**
 * One instance of an application that {@link StartTogetherTest} starts together with others: it
 * opens its node, creates the application's caches, and at once works for one second with keys
 * that every node owns. It prints {@code RESULT node=<i> ops=<n> failures=<f> warnings=<w>},
 * then a line for each failure and warning, and serves the others until it is stopped.
 *
 * <p>Arguments: this node's index and the peer list.
 */
public final class StartTogetherMain {

  private StartTogetherMain() {}

  public static void main(String[] args) throws Exception {
    int index = Integer.parseInt(args[0]);
    String peers = args[1];
    List<String> warnings = new ArrayList<>();
    Logger.getLogger("").addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
          synchronized (warnings) {
            warnings.add(record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage()
                + " " + java.util.Arrays.toString(record.getParameters()));
          }
        }
      }

      @Override
      public void flush() { }

      @Override
      public void close() { }
    });
    Properties properties = new Properties();
    properties.setProperty("peanutcache.bind", peers.split(",")[index]);
    properties.setProperty("peanutcache.peers", peers);
    CacheManager manager = new PeanutCachingProvider().getCacheManager(InJvmCluster.URI,
        StartTogetherMain.class.getClassLoader(), properties);
    Cache<String, String> books = manager.createCache("books", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(DatabaseLikeLoader.class)));
    Cache<String, String> sessions = manager.createCache("sessions",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));

    List<String> failures = new ArrayList<>();
    int ops = 0;
    long end = System.nanoTime() + 1_000_000_000L;
    for (int i = 0; System.nanoTime() < end; i++) {
      String session = "session-" + index + "-" + i;
      String book = "slow-0-" + index + "-" + i;
      try {
        sessions.put(session, "user " + i);
        check(failures, session, "user " + i, sessions.get(session));
        check(failures, book, DatabaseLikeLoader.rowOf(book), books.get(book));
      } catch (RuntimeException e) {
        failures.add(e.toString());
      }
      ops += 3;
    }
    synchronized (warnings) {
      System.out.println("RESULT node=" + index + " ops=" + ops + " failures=" + failures.size()
          + " warnings=" + warnings.size());
      failures.stream().limit(5).forEach(failure -> System.out.println("FAILURE " + failure));
      warnings.stream().limit(5).forEach(warning -> System.out.println("WARNING " + warning));
    }
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE); // serve the others until the test stops this JVM
  }

  private static void check(List<String> failures, String key, String expected, String actual) {
    if (!expected.equals(actual)) {
      failures.add(key + " read " + actual + ", not " + expected);
    }
  }
}
