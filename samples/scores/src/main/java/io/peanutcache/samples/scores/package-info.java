/**
 * The "scores" demo of the original PeanutCache: three nodes sharing a read-through JCache named
 * {@code scores} in front of a slow database, and an HTTP API on one of them. Each name has one
 * owner node; a missing score is loaded once, on its owner, however many requests miss it
 * together on whichever nodes, and every later request is answered from the owner's cache. The
 * nodes find each other by a static peer list or through etcd.
 */
package io.peanutcache.samples.scores;
