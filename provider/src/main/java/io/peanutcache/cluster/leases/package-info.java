/**
 * The owner's per-key leases, under which an entry processor that cannot be sent to the owner (a
 * lambda, Spring's value loader) runs on its caller: one holder per key at a time, the others
 * queued first come first served, each handed the lease in turn with no thread blocked while it
 * waits. A lease ends when its holder writes, goes away, or holds it longer than the lease time.
 */
package io.peanutcache.cluster.leases;
