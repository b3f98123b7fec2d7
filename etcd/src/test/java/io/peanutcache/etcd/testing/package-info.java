/**
 * The test fixture of everything that runs through etcd, shared with the other modules through the
 * etcd module's test-jar: a real etcd process on free loopback ports.
 */
package io.peanutcache.etcd.testing;
