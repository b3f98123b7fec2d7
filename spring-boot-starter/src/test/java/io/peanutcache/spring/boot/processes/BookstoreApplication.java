package io.peanutcache.spring.boot.processes;

import java.io.IOException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * The application {@link Bookstores} runs in each of its JVMs: every auto-configuration (the
 * starter's, Spring MVC's, the Actuator's), caching on, a {@link Catalog} and its
 * {@link CatalogController}. Its settings come from the command line.
 *
 * <p>It exits when its standard input closes, so that an instance never outlives the test JVM
 * that started it, even one that was killed.
 */
@SpringBootApplication
@EnableCaching
public class BookstoreApplication {

  public static void main(String[] args) {
    Thread watchdog = new Thread(BookstoreApplication::exitWhenInputCloses, "stdin watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    SpringApplication.run(BookstoreApplication.class, args);
  }

  private static void exitWhenInputCloses() {
    try {
      while (System.in.read() != -1) {
        // the test JVM writes nothing; it only holds the pipe open
      }
    } catch (IOException closed) {
      // as good as the end of input
    }
    Runtime.getRuntime().halt(3);
  }
}
