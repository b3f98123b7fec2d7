package io.peanutcache.cluster.peers;

/** Which replace an owner runs, and so what it answers. */
public enum ReplaceMode {
  /** {@code replace(key, value)}: answers whether it replaced. */
  REPLACE,
  /** {@code getAndReplace}: answers the former value. */
  GET_AND_REPLACE,
  /** {@code replace(key, expected, value)}: answers whether the value was the expected one and is replaced. */
  REPLACE_IF_EQUAL
}
