/**
 * Hibernate's {@code NONSTRICT_READ_WRITE} strategy on a cluster: a change evicts the key, and the
 * owner keeps the eviction's timestamp (an {@link io.peanutcache.hibernate.nonstrict.Evicted}
 * marker, then with the value of the first load that began after it), so that a value loaded by a
 * transaction that began before the eviction is not cached. That closes the window in which Hibernate's own nonstrict strategy
 * caches a value read before a concurrent commit. What remains is the strategy's documented
 * looseness: between a change's commit and its eviction (the time to reach the owner), another
 * node may read the old value.
 */
package io.peanutcache.hibernate.nonstrict;
