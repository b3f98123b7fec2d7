package io.peanutcache.cluster.hot;

/**
 * A hot copy of one entry: its encoded value, when it stops being served, and where it stands
 * in its partition's changes.
 *
 * @param value the value as the owner encoded it; never handed out, only decoded
 * @param deadline the {@link io.peanutcache.store.TimeSource} time from which it is not served:
 *     the earlier of its maximum age and its entry's expiry, both counted from when it was asked
 * @param partition the partition of its key
 * @param sequence the partition's sequence the owner read before the value: the copy reflects
 *     every change of the partition numbered up to this one
 */
record HotCopy(byte[] value, long deadline, int partition, long sequence) {}
