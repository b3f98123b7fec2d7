/** Test fixtures shared by the provider's tests: a clock tests move by hand. */
package io.peanutcache.testing;
