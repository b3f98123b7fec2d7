package io.peanutcache.event;

import javax.cache.event.EventType;

/**
 * What happened to one entry, as the owner of its key saw it: the substance of an event, before it
 * becomes a {@link javax.cache.event.CacheEntryEvent} on the node of the listener that hears it.
 *
 * @param type what happened
 * @param key the entry's key
 * @param value the value after the change (the removed value for removed and expired events)
 * @param oldValue the value before the change, or null
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public record Change<K, V>(EventType type, K key, V value, V oldValue) {}
