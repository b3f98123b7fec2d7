/**
 * Test fixtures shared by the provider's tests: a clock tests move by hand, a real etcd, free
 * loopback ports, and jars holding a settings file.
 */
package io.peanutcache.testing;
