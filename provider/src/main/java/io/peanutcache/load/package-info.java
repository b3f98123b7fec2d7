/**
 * Single-flight loading: however many threads miss the same key together, the loader runs once and
 * every caller gets its value or its failure. A write to the key while a load is in flight marks
 * the load superseded, so its older result is not stored over the write.
 */
package io.peanutcache.load;
