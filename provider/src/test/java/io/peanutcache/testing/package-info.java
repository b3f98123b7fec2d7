/**
 * Test fixtures shared by the provider's tests and, through its test-jar, by the other modules: a
 * clock tests move by hand, free loopback ports, jars holding a settings file, JVMs of a test's
 * own, a cluster of nodes in the test's JVM, and a node in a JVM of its own. A real etcd is in the
 * etcd module's test-jar.
 */
package io.peanutcache.testing;
