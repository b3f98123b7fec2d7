package io.peanutcache.cluster.peers;

/** Which put an owner runs, and so what it answers. */
public enum PutMode {
  /** {@code put}: answers nothing. */
  PUT,
  /** {@code getAndPut}: answers the former value. */
  GET_AND_PUT,
  /** {@code putIfAbsent}: answers whether it put. */
  PUT_IF_ABSENT
}
