package io.peanutcache.samples.bookstore;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code bookstore.*} properties. */
@ConfigurationProperties(prefix = "bookstore")
public class BookstoreProperties {

  /**
   * How long a database lookup of one book waits before its query: it stands in for a slow query
   * (a join over a large catalog, a remote database), so that the cache's effect shows. Default 2s.
   */
  private Duration lookupDelay = Duration.ofSeconds(2);

  public Duration getLookupDelay() {
    return lookupDelay;
  }

  public void setLookupDelay(Duration lookupDelay) {
    this.lookupDelay = lookupDelay;
  }
}
