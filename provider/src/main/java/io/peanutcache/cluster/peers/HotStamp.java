package io.peanutcache.cluster.peers;


/**
 * What an owner says of a value it sends for a hot copy: under which incarnation of its sequences,
 * at which sequence of the key's partition, and for how long the entry has left to live.
 *
 * @param incarnation identifies the owner's sequences of the cache; they start again under another
 *     incarnation whenever the owner's hot-cache state of the cache is created. 0 when the owner
 *     keeps no sequences for the cache: then no copy is kept
 * @param sequence the partition's change sequence, read before the value: the copy reflects every
 *     change up to this one
 * @param expiresInNanos how long the entry has left to live on the owner, read after the value;
 *     {@link Long#MAX_VALUE} when it does not expire
 */
public record HotStamp(long incarnation, long sequence, long expiresInNanos) {}
