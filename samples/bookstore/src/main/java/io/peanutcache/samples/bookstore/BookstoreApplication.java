package io.peanutcache.samples.bookstore;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.annotation.EnableCaching;

/** The bookstore application: run one instance per node, each with its own port and bind address. */
@SpringBootApplication
@EnableCaching
@EnableConfigurationProperties(BookstoreProperties.class)
public class BookstoreApplication {

  /**
   * Starts an instance.
   *
   * @param args Spring Boot's command line, such as {@code --server.port=8081}
   */
  public static void main(String[] args) {
    SpringApplication.run(BookstoreApplication.class, args);
  }
}
