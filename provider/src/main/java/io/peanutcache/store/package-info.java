/**
 * The local store: entries held in Caffeine as stored values (encoded bytes for store-by-value) with
 * an expiry time, or, when they never expire, as the stored values alone. It knows nothing of JSR-107
 * or the network; every change to a key is one atomic {@code compute} on that key.
 */
package io.peanutcache.store;
