package io.peanutcache.cluster.peers;


/**
 * What an owner answered to a get for a hot copy: the value, and where it stands in the owner's
 * changes of its partition.
 *
 * @param value the value's bytes, as the cache's codec encoded them
 * @param stamp the owner's incarnation, sequence and the entry's remaining life, read around the value
 */
public record HotValue(byte[] value, HotStamp stamp) {}
