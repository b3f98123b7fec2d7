package io.peanutcache.engine;

/**
 * What a write that depends on the entry it finds did to it, which decides how the write is
 * counted: a miss or a hit, and a put or a removal. {@link ProcessorEntry.Outcome} names what an
 * entry processor did the same way.
 */
enum WriteOutcome {

  /** The key had no live entry, and the write needed one: nothing changed (a miss). */
  ABSENT,

  /**
   * The key's live entry stays as it was: it holds another value than the one expected, or it is
   * there for a put-if-absent (a hit).
   */
  KEPT,

  /** A value was written and stored: the entry was created or replaced. */
  STORED,

  /** A value was written through but not stored: the expiry policy made it expire at once. */
  EXPIRED_AT_ONCE,

  /** The entry was removed. */
  REMOVED
}
