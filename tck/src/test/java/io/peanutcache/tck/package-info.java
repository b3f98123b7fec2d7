/**
 * Test-side support for running the JSR-107 1.1.1 TCK against PeanutCache.
 *
 * <p>The TCK's own test classes come from the {@code javax.cache:cache-tests:tests} jar, which
 * surefire scans. This package only adds {@link io.peanutcache.tck.TckAreaSummaryListener}, a
 * JUnit Platform listener (registered through {@code META-INF/services}) that prints, at the end
 * of the run, how many TCK tests ran, failed, errored and were skipped in each area of the
 * specification, so a regression in one area is visible at a glance.
 */
package io.peanutcache.tck;
