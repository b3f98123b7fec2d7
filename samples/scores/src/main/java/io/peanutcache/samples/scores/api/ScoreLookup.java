package io.peanutcache.samples.scores.api;

import io.peanutcache.samples.scores.database.LoadsOnThisThread;
import java.time.Duration;
import javax.cache.Cache;

/**
 * Reads a score through the read-through {@code scores} cache and tells where it came from.
 *
 * <p>A request ran the loader if the loader's count on this thread went up during the {@code get}
 * (PeanutCache loads on the thread of the caller that missed first). Otherwise it was a hit if the
 * key was in the cache just before the {@code get}, and it shared another request's load if it was
 * not. The check before the {@code get} is exact here because nothing in this demo removes or
 * expires entries: a key that is present stays present. Safe for concurrent use.
 */
public final class ScoreLookup {

  private final Cache<String, String> scores;

  /**
   * A lookup through {@code scores}.
   *
   * @param scores the read-through cache of scores by name
   */
  public ScoreLookup(Cache<String, String> scores) {
    this.scores = scores;
  }

  /**
   * The score of {@code name}, loaded from the database on a miss.
   *
   * @param name the name, not null
   * @return the score (null when the database has no such name) and where it came from
   * @throws javax.cache.CacheException if the loader failed, for example when the database cannot
   *     be reached
   */
  public Lookup find(String name) {
    long start = System.nanoTime();
    long loadsBefore = LoadsOnThisThread.count();
    boolean cached = scores.containsKey(name);
    String score = scores.get(name);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Source source = LoadsOnThisThread.count() != loadsBefore ? Source.DATABASE
        : cached ? Source.CACHE
        : Source.SHARED_LOAD;
    return new Lookup(name, score, source, took);
  }
}
