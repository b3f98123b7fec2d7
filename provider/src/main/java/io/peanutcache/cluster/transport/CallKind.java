package io.peanutcache.cluster.transport;

/**
 * What a call to a peer may do, which decides its deadline and whether it is sent again after a
 * transient failure.
 *
 * <p>A call that may run the cache's loader on the owner gets the load timeout on top of the call
 * deadline, so that a slow loader is waited for instead of being taken for a peer that is down. A
 * call that changes nothing is sent once more when the connection failed under it; one that
 * changes the cache is never sent twice, since the first may have been applied.
 */
enum CallKind {

  /** Reads what the owner holds; sent again once after a transient failure. */
  READ(true, false),

  /** May run the loader on the owner (a read-through get, getAll or loadAll); sent again once. */
  LOAD(true, true),

  /** Changes the cache; never sent twice. */
  WRITE(false, false),

  /** Changes the cache and may load first (an entry processor on a read-through cache). */
  LOADING_WRITE(false, true),

  /**
   * A stream of replies read at the caller's pace (an iteration): it gets the long deadline of a
   * load, which the whole stream must end within.
   */
  STREAM(true, false);

  private final boolean idempotent;
  private final boolean mayLoad;

  CallKind(boolean idempotent, boolean mayLoad) {
    this.idempotent = idempotent;
    this.mayLoad = mayLoad;
  }

  /**
   * Whether the call gets the long deadline: the call deadline plus the load timeout.
   *
   * @return true for calls that may load and for streams
   */
  public boolean hasLongDeadline() {
    return mayLoad || this == STREAM;
  }

  /**
   * Whether sending the call twice does no more than sending it once.
   *
   * @return true for reads and loads
   */
  public boolean isIdempotent() {
    return idempotent;
  }

  /**
   * Whether the call may run the cache's loader on the owner, and so gets the load timeout.
   *
   * @return true for loads and loading writes
   */
  public boolean mayLoad() {
    return mayLoad;
  }

  /**
   * The kind of a read on a cache: a load when the cache reads through.
   *
   * @param readThrough whether the cache loads its misses
   * @return {@link #LOAD} or {@link #READ}
   */
  public static CallKind read(boolean readThrough) {
    return readThrough ? LOAD : READ;
  }

  /**
   * The kind of a write on a cache: a loading write when the cache reads through.
   *
   * @param readThrough whether the cache loads its misses
   * @return {@link #LOADING_WRITE} or {@link #WRITE}
   */
  public static CallKind write(boolean readThrough) {
    return readThrough ? LOADING_WRITE : WRITE;
  }
}
