/**
 * Cluster time: the timestamps that decide whether a cached entity may be read or replaced and
 * whether a cached query result is still valid, taken from one clock for the whole cluster.
 *
 * <p>Hibernate compares timestamps made on different nodes: a query result cached by one node
 * with the time its session began, against the time another node's commit invalidated the
 * query's tables. Taken from each node's wall clock, a node whose clock is ahead caches results
 * that look newer than later commits (they are served stale), and one whose clock is behind
 * invalidates tables at times that look older than results cached before its commit. Here every
 * node reads the wall clock of one reference node, the owner of a single key, through a round
 * trip every second ({@link io.peanutcache.hibernate.time.ClusterClock}), and its timestamps
 * never go back. Nodes then agree to within half the round trip of their last reading, whatever
 * their own clocks say.
 */
package io.peanutcache.hibernate.time;
