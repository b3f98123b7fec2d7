/**
 * JMH benchmarks of PeanutCache's local (single-node) read and write path, run beside another
 * JCache provider in the same JVM and the same harness so the numbers can be compared directly.
 *
 * <p>The benchmarks are written only against the standard JCache API ({@code javax.cache.*}) and
 * choose the provider by its class name, so every provider runs exactly the same code: a hit
 * ({@link javax.cache.Cache#get}) and an overwrite ({@link javax.cache.Cache#put}) of one of
 * 100,000 prefilled {@code String} keys mapped to 100-byte {@code byte[]} values, with the cache
 * configured store-by-value and store-by-reference. See {@link
 * io.peanutcache.benchmarks.LocalCacheBenchmark} and the module's {@code README.md} for the run
 * command and the results.
 */
package io.peanutcache.benchmarks;
