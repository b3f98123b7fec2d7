package io.peanutcache.hibernate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * Session factories of nodes of one cluster, built at once, as the instances of an application
 * start. Built one after the other, a factory that reads the cluster's clock from a node whose
 * factory is not built yet would wait the connect timeout for it.
 */
final class SessionFactories {

  private SessionFactories() {
  }

  /**
   * Builds a session factory of each configuration, each on a thread of its own, and waits for
   * all.
   *
   * @param configurations the nodes' configurations
   * @return the session factories, in the order of the configurations
   * @throws RuntimeException what a factory that did not start threw, once the others are closed
   */
  static List<SessionFactory> buildTogether(List<Configuration> configurations) {
    ExecutorService builders = Executors.newFixedThreadPool(configurations.size());
    List<Future<SessionFactory>> builds = new ArrayList<>();
    try {
      for (Configuration configuration : configurations) {
        builds.add(builders.submit(() -> configuration.buildSessionFactory()));
      }
    } finally {
      builders.shutdown();
    }
    List<SessionFactory> built = new ArrayList<>();
    RuntimeException failure = null;
    for (Future<SessionFactory> build : builds) {
      try {
        built.add(build.get());
      } catch (ExecutionException e) {
        failure = failure != null ? failure
            : e.getCause() instanceof RuntimeException cause ? cause
            : new IllegalStateException("a session factory did not start", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        build.cancel(true);
        failure = failure != null ? failure
            : new IllegalStateException("interrupted while the session factories started", e);
      }
    }
    if (failure != null) {
      built.forEach(SessionFactory::close);
      throw failure;
    }
    return built;
  }
}
