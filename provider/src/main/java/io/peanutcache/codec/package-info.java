/**
 * Turns cache keys and values into bytes and back, for store-by-value copies, for the network
 * between cache nodes and for hashing a key to the node that owns it. {@link
 * io.peanutcache.codec.ValueCodec} is the codec caches use; its encodings are deterministic, so
 * equal keys give equal bytes on every JVM.
 */
package io.peanutcache.codec;
