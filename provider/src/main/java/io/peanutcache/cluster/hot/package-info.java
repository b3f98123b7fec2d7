/**
 * The hot cache (groupcache's {@code hotCache}): each node keeps a bounded copy of popular entries
 * other nodes own, and each owner numbers the changes of every partition and sends them, batched,
 * to the other nodes, which drop the copies those changes make stale. A node that notices a gap in
 * the numbers drops every copy of that partition, and no copy outlives its maximum age or its
 * entry's expiry, so a lost message costs at most the maximum age of staleness.
 */
package io.peanutcache.cluster.hot;
