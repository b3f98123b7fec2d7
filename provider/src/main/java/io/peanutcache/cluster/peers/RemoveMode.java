package io.peanutcache.cluster.peers;

/** Which remove an owner runs, and so what it answers. */
public enum RemoveMode {
  /** {@code remove(key)}: answers whether it removed. */
  REMOVE,
  /** {@code getAndRemove}: answers the former value. */
  GET_AND_REMOVE,
  /** {@code remove(key, expected)}: answers whether the value was the expected one and is removed. */
  REMOVE_IF_EQUAL
}
