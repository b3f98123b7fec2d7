package io.peanutcache.samples.scores.api;

/**
 * Where one request's answer came from, seen from the node that serves the API: the key's owner
 * answers every read, so it is either this node or a peer.
 */
public enum Source {

  /** This node owns the name and its cache held the score: the database was not asked. */
  HIT_ON_OWNER("hit on this node (owner)"),

  /** This node owns the name and this request ran the loader: the database was queried for it. */
  LOADED_ON_OWNER("loaded on this node (owner)"),

  /**
   * This node owns the name, which was missing, and another request's load of it was in flight:
   * this request shared its result (groupcache's "loads deduped"), one query for both.
   */
  SHARED_LOAD_ON_OWNER("shared a load in flight on this node (owner)"),

  /** A peer owns the name and its cache held the score: one call to the peer, no query. */
  HIT_ON_PEER("from peer %s (hit there)"),

  /**
   * A peer owns the name, which it did not hold when this request asked: the peer loaded it, once
   * for every request that missed it meanwhile, from any node, and kept it.
   */
  LOADED_ON_PEER("from peer %s (loaded there)"),

  /**
   * A peer owns the name but did not answer: PeanutCache loaded the score on this node, as
   * groupcache does, and did not store it in the owner's place.
   */
  OWNER_UNREACHABLE("owner %s did not answer: loaded on this node, not stored");

  private final String description;

  Source(String description) {
    this.description = description;
  }

  /**
   * The few words the request log uses for this source.
   *
   * @param owner the owner of the name
   * @return a description such as {@code "from peer 127.0.0.1:7002 (hit there)"}
   */
  public String describe(String owner) {
    return description.formatted(owner);
  }

  /**
   * Whether the key's owner is this node.
   *
   * @return true for the sources on this node as the owner
   */
  public boolean onThisNode() {
    return this == HIT_ON_OWNER || this == LOADED_ON_OWNER || this == SHARED_LOAD_ON_OWNER;
  }
}
