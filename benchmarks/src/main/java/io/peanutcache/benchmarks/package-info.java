/**
 * JMH benchmarks of PeanutCache's read and write paths, run beside another JCache provider in the
 * same JVM and the same harness so the numbers can be compared directly.
 *
 * <p>The benchmarks are written against the standard JCache API ({@code javax.cache.*}) for every
 * measured operation, so every provider runs exactly the same code:
 *
 * <ul>
 *   <li>{@link io.peanutcache.benchmarks.LocalCacheBenchmark}: a hit ({@link
 *       javax.cache.Cache#get}) and an overwrite ({@link javax.cache.Cache#put}) of one of
 *       100,000 prefilled {@code String} keys mapped to 100-byte {@code byte[]} values in a
 *       single-node cache, store-by-value and store-by-reference, beside Caffeine;
 *   <li>{@link io.peanutcache.benchmarks.RemoteGetBenchmark}: a get of the same data on one node
 *       of a three-node cluster in one JVM, of keys that the other two nodes own, so every get is
 *       a round trip over loopback: its latency with one caller and its throughput with 2 and 16
 *       callers, PeanutCache in plaintext and over mutual TLS, beside Hazelcast's member-side
 *       JCache provider;
 *   <li>{@link io.peanutcache.benchmarks.SpringCacheableBenchmark}: a hit of a Spring
 *       {@code @Cacheable} method through its proxy, in Spring Boot applications made by
 *       auto-configuration: PeanutCache's starter with the key owned by the caller's node or by
 *       another node of three, beside Spring Boot's Redis cache (Lettuce). This one is written
 *       against Spring's cache abstraction, not JCache;
 *   <li>{@link io.peanutcache.benchmarks.HibernateFindBenchmark}: a Hibernate second-level cache
 *       hit as an application makes one (open a session, {@code find} a cached entity, close the
 *       session), with PeanutCache's region factory on three nodes — the key owned by the
 *       caller's node, by another node, and by another node with the hot cache on — beside
 *       Hibernate's {@code jcache} region factory over Caffeine. This one is written against
 *       Hibernate's API;
 *   <li>{@link io.peanutcache.benchmarks.PartitionTableBenchmark}: what a node computes when its
 *       membership view changes, for 3 to 1,000 members.
 * </ul>
 *
 * <p>Some things are measured once rather than benchmarked, by programs with a {@code main}:
 * {@link io.peanutcache.benchmarks.RollingRestartMeasurement} (a hand-off of 1,000,000 entries),
 * {@link io.peanutcache.benchmarks.MemoryPerEntryMeasurement} (the heap an entry takes, beside
 * Caffeine and Hazelcast), {@link io.peanutcache.benchmarks.ClusterScaleMeasurement} (what
 * grows with the number of members: the table's spread and heap, a connection, a small call) and
 * {@link io.peanutcache.benchmarks.FootprintMeasurement} (the jars an application resolves, and
 * the start-up time and memory of one put and one get in a fresh JVM, beside Caffeine and
 * Hazelcast).
 *
 * <p>See the module's {@code README.md} for the run commands and the results.
 */
package io.peanutcache.benchmarks;
