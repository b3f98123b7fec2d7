/**
 * Hibernate's {@code NONSTRICT_READ_WRITE} strategy on a cluster: a change evicts the key before
 * and after its commit, and the owner keeps the latest eviction (an
 * {@link io.peanutcache.hibernate.nonstrict.Evicted} marker, then with the value of the load that
 * replaces it), so that a value read from the database before an eviction is not cached after it.
 * A node that missed the key remembers which eviction the owner held then
 * ({@link io.peanutcache.hibernate.nonstrict.Miss}), and its put of what it loaded is refused if
 * another eviction came since, whatever the clocks say; a load with no miss before it is judged by
 * its transaction's timestamp against the eviction's. That closes the window in which Hibernate's
 * own nonstrict strategy caches a value read before a concurrent commit. What remains is the
 * strategy's documented looseness: between a change's commit and the eviction that follows it
 * (the time to reach the owner), another node may read the old value.
 */
package io.peanutcache.hibernate.nonstrict;
