/**
 * The cluster: which node owns which key (the partition table), who the members are, and how nodes
 * reach each other.
 */
package io.peanutcache.cluster;
