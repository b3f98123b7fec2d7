/** Test fixtures shared by the provider's tests: a clock tests move by hand, and a real etcd. */
package io.peanutcache.testing;
