/**
 * The owner-side execution of every JCache operation on the local store: read-through through
 * single flight, write-through, the expiry policy (consulted once per operation), events and
 * counts. The JSR-107 surface calls it for keys this node owns; later, so does the network.
 */
package io.peanutcache.engine;
