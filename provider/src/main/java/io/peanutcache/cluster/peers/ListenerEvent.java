package io.peanutcache.cluster.peers;

import javax.cache.event.EventType;

/**
 * One event an owner sends to one listener registered on another node, with its key and values
 * encoded by the cache's codec.
 *
 * @param listenerId the listener's registration id on the node it runs on
 * @param type what happened
 * @param key the entry's key
 * @param value the value after the change (the removed value for removed and expired events), or
 *     null if there is none
 * @param oldValue the value before the change, or null if there is none or the listener does not
 *     want it
 */
public record ListenerEvent(long listenerId, EventType type, byte[] key, byte[] value, byte[] oldValue) {}
