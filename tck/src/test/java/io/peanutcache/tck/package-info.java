/**
 * Test-side support for running the JSR-107 1.1.1 TCK against PeanutCache, embedded and on a
 * three-node cluster.
 *
 * <p>The TCK's own test classes come from the {@code javax.cache:cache-tests:tests} jar, which
 * surefire scans twice. {@link io.peanutcache.tck.TckAreaSummaryListener} prints, at the end of
 * each pass, how many TCK tests ran, failed, errored and were skipped in each area of the
 * specification. In the cluster pass {@link io.peanutcache.tck.TckCluster} runs two more nodes,
 * each in a JVM of its own (the provider's test fixture {@code io.peanutcache.testing.NodeJvm}),
 * joins the TCK's CacheManagers to them, and prints how many key operations each node ran as
 * owner; the three nodes talk mutual TLS with certificates made for the pass, which
 * {@link io.peanutcache.tck.TlsProbe} checks before the tests run.
 */
package io.peanutcache.tck;
