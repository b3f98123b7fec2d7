package io.peanutcache.samples.scores.api;

/** Where one request's answer came from. */
public enum Source {

  /** The cache held the score; the database was not asked. */
  CACHE("hit"),

  /** This request missed first and ran the loader: the database was queried for it. */
  DATABASE("loaded from the database"),

  /**
   * This request missed while another request's load of the same name was in flight, and shared
   * its result (groupcache's "loads deduped"): the database was queried once for both.
   */
  SHARED_LOAD("shared a load in flight");

  private final String description;

  Source(String description) {
    this.description = description;
  }

  /**
   * The few words the request log uses for this source.
   *
   * @return a description such as {@code "hit"}
   */
  public String description() {
    return description;
  }
}
