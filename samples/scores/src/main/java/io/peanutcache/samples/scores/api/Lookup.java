package io.peanutcache.samples.scores.api;

import java.time.Duration;
import java.util.Locale;

/**
 * The answer to one request for a score.
 *
 * @param name the name asked for
 * @param score the score as text, or null if the database has no such name
 * @param owner the name of the node that owns the name, as {@code PeanutCache.ownerOf} gives it
 * @param source where the answer came from
 * @param took how long the cache took to answer
 */
public record Lookup(String name, String score, String owner, Source source, Duration took) {

  /**
   * Whether the name has a score.
   *
   * @return true if {@link #score} is not null
   */
  public boolean found() {
    return score != null;
  }

  /**
   * The request log line, for example
   * {@code GET Tom -> 630 | owner 127.0.0.1:7002 | from peer 127.0.0.1:7002 (hit there) | 0.9 ms}.
   *
   * @return the line, without the node prefix
   */
  public String describe() {
    return "GET " + name + " -> " + (found() ? score : "not found") + " | owner " + owner
        + " | " + source.describe(owner) + " | " + milliseconds(took);
  }

  private static String milliseconds(Duration duration) {
    double millis = duration.toNanos() / 1_000_000.0;
    return String.format(Locale.ROOT, millis < 10 ? "%.1f ms" : "%.0f ms", millis);
  }
}
