package io.peanutcache.samples.scores.api;

import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.samples.scores.database.LoadsOnThisThread;
import java.time.Duration;
import javax.cache.CacheException;

/**
 * Reads a score through the read-through {@code scores} cache and tells which node owns it and
 * where the answer came from, seen from this node.
 *
 * <p>How the source is decided, from what PeanutCache guarantees:
 *
 * <ul>
 *   <li>{@link PeanutCache#ownerOf} names the key's owner and {@link PeanutCache#isLocal} says
 *       whether it is this node. Every operation on the key runs on the owner.
 *   <li>Just before the {@code get}, {@code containsKey} asks the owner whether it holds the
 *       score; it neither loads nor counts in the statistics. Nothing in this demo removes or
 *       expires entries, so a score the owner holds is still there for the {@code get}: that
 *       request is a hit, on this node or on the peer.
 *   <li>If the owner did not hold it, the owner loaded it during this request. When this node is
 *       the owner, PeanutCache runs the load on the thread of the request that missed first and
 *       the others wait for it, so {@link LoadsOnThisThread} tells the request that queried the
 *       database from those that shared its load. On a peer, the load runs on the peer's own
 *       threads, once for every request that missed meanwhile, from whichever node.
 *   <li>If the owner is a peer that does not answer, PeanutCache loads the score on this node
 *       without storing it: the loader then runs on this request's thread, or the
 *       {@code containsKey} already failed.
 * </ul>
 *
 * <p>Safe for concurrent use.
 */
public final class ScoreLookup {

  private final PeanutCache<String, String> scores;

  /**
   * A lookup through {@code scores}.
   *
   * @param scores the read-through cache of scores by name, as PeanutCache's type
   */
  public ScoreLookup(PeanutCache<String, String> scores) {
    this.scores = scores;
  }

  /**
   * The score of {@code name}, loaded from the database on its owner on a miss.
   *
   * @param name the name, not null
   * @return the score (null when the database has no such name), its owner and where it came from
   * @throws CacheException if the loader failed, for example when the database cannot be reached
   */
  public Lookup find(String name) {
    long start = System.nanoTime();
    String owner = scores.ownerOf(name);
    boolean ownedHere = scores.isLocal(name);
    long loadsBefore = LoadsOnThisThread.count();
    Boolean heldByOwner = heldByOwner(name, ownedHere);
    String score = scores.get(name);
    boolean loadedHere = LoadsOnThisThread.count() != loadsBefore;
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new Lookup(name, score, owner, source(ownedHere, heldByOwner, loadedHere), took);
  }

  /** Whether the owner holds the score now; null if the owner, a peer, did not answer. */
  private Boolean heldByOwner(String name, boolean ownedHere) {
    try {
      return scores.containsKey(name);
    } catch (CacheException e) {
      if (ownedHere) {
        throw e;
      }
      return null;
    }
  }

  private static Source source(boolean ownedHere, Boolean heldByOwner, boolean loadedHere) {
    if (ownedHere) {
      return loadedHere ? Source.LOADED_ON_OWNER
          : heldByOwner ? Source.HIT_ON_OWNER
          : Source.SHARED_LOAD_ON_OWNER;
    }
    if (loadedHere || heldByOwner == null) {
      return Source.OWNER_UNREACHABLE;
    }
    return heldByOwner ? Source.HIT_ON_PEER : Source.LOADED_ON_PEER;
  }
}
