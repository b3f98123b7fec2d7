package io.peanutcache.tck;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.cache.Caching;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints a per-area summary of the JSR-107 TCK run once the test plan has finished.
 *
 * <p>Registered through {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener},
 * so the JUnit Platform launcher that surefire drives picks it up without any surefire setting.
 *
 * <p>Only leaf tests (JUnit 4 test methods, as the vintage engine reports them) are counted. The
 * counts follow surefire's rules so that the total matches surefire's own line:
 * <ul>
 *   <li><b>failed</b>: the test threw an {@link AssertionError} (surefire "Failures");</li>
 *   <li><b>errors</b>: the test threw anything else (surefire "Errors");</li>
 *   <li><b>aborted</b>: an assumption did not hold (surefire counts these as "Skipped");</li>
 *   <li><b>skipped</b>: the test was not executed, e.g. {@code @Ignore} (surefire "Skipped").</li>
 * </ul>
 * A container that fails (a test class whose class-level setup throws) has no leaf results;
 * surefire reports it as one failed or errored test, and so does this summary. A skipped test
 * class counts each of its tests as skipped.
 *
 * <p>The header names the pass ({@link TckCluster#passName()}: embedded, or on a cluster) and
 * the {@link CachingProvider} that {@link Caching#getCachingProvider()}
 * resolves on the test classpath, and whether it supports
 * {@link OptionalFeature#STORE_BY_REFERENCE}: when it does not, the TCK's
 * {@code StoreByReferenceTest} cases pass without exercising anything, which the reader of the
 * summary should know.
 *
 * <p>The table is written to {@link System#out} in a single call. Surefire forwards the forked
 * JVM's standard output to the Maven console (and, being outside any test, it is not attributed to
 * a test's report).
 */
public final class TckAreaSummaryListener implements TestExecutionListener {

    /** Areas in print order; packages not listed here are shown under their own name, after these. */
    private static final List<String> AREA_ORDER = List.of(
            "basic", "expiry", "events", "processor", "loader/writer", "management", "spi");

    /** TCK package (or package prefix) to area. The top-level {@code org.jsr107.tck} package is "basic". */
    private static final Map<String, String> PACKAGE_AREAS = new LinkedHashMap<>();

    static {
        PACKAGE_AREAS.put("org.jsr107.tck.configuration", "basic");
        PACKAGE_AREAS.put("org.jsr107.tck.expiry", "expiry");
        PACKAGE_AREAS.put("org.jsr107.tck.event", "events");
        PACKAGE_AREAS.put("org.jsr107.tck.processor", "processor");
        PACKAGE_AREAS.put("org.jsr107.tck.integration", "loader/writer");
        PACKAGE_AREAS.put("org.jsr107.tck.management", "management");
        PACKAGE_AREAS.put("org.jsr107.tck.statistics", "management");
        PACKAGE_AREAS.put("org.jsr107.tck.spi", "spi");
    }

    private static final String TCK_ROOT_PACKAGE = "org.jsr107.tck";

    /** Counters of one area. */
    private static final class Counts {
        int passed;
        int failed;
        int errors;
        int aborted;
        int skipped;

        int run() {
            return passed + failed + errors + aborted + skipped;
        }

        void add(Counts other) {
            passed += other.passed;
            failed += other.failed;
            errors += other.errors;
            aborted += other.aborted;
            skipped += other.skipped;
        }
    }

    private final Map<String, Counts> counts = new TreeMap<>();
    private TestPlan testPlan;

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan plan) {
        this.testPlan = plan;
        counts.clear();
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier identifier, String reason) {
        if (identifier.isTest()) {
            countsFor(identifier).skipped++;
            return;
        }
        // A skipped container: none of its tests start and no further events arrive for them.
        // Like surefire, a skipped test class counts each of its children as skipped, and any
        // other skipped container counts as one skipped test.
        if (isClassContainer(identifier) && testPlan != null) {
            for (TestIdentifier child : testPlan.getChildren(identifier)) {
                countsFor(child).skipped++;
            }
        } else if (identifier.getParentIdObject().isPresent()) {
            countsFor(identifier).skipped++;
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        // A container that fails (e.g. a JUnit 4 @BeforeClass throwing) has no leaf results;
        // surefire reports it as one failed or errored test, unless it is the engine root.
        boolean countedContainer = identifier.isContainer()
                && identifier.getParentIdObject().isPresent()
                && result.getStatus() == TestExecutionResult.Status.FAILED;
        if (!identifier.isTest() && !countedContainer) {
            return;
        }
        Counts c = countsFor(identifier);
        switch (result.getStatus()) {
            case SUCCESSFUL -> c.passed++;
            case ABORTED -> c.aborted++;
            case FAILED -> {
                boolean assertion = result.getThrowable().filter(AssertionError.class::isInstance).isPresent();
                if (assertion) {
                    c.failed++;
                } else {
                    c.errors++;
                }
            }
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        PrintStream out = System.out;
        out.print(render());
        out.flush();
        testPlan = null;
    }

    private Counts countsFor(TestIdentifier identifier) {
        return counts.computeIfAbsent(areaOf(className(identifier)), k -> new Counts());
    }

    private boolean isClassContainer(TestIdentifier identifier) {
        Optional<TestSource> source = identifier.getSource();
        if (source.isPresent()) {
            return source.get() instanceof ClassSource;
        }
        return segmentValue(identifier.getUniqueIdObject(), "runner", "class") != null;
    }

    /**
     * The TCK test class a test belongs to. The vintage engine gives test methods a
     * {@link MethodSource} and test classes a {@link ClassSource}; when neither is there (a JUnit 4
     * description it cannot map to a method), the class is taken from the nearest ancestor with a
     * class source, and failing that from the {@code [runner:...]} segment of the unique id.
     */
    private String className(TestIdentifier identifier) {
        Optional<TestSource> source = identifier.getSource();
        if (source.isPresent()) {
            if (source.get() instanceof MethodSource method) {
                return method.getClassName();
            }
            if (source.get() instanceof ClassSource clazz) {
                return clazz.getClassName();
            }
        }
        if (testPlan != null) {
            Optional<TestIdentifier> parent = testPlan.getParent(identifier);
            while (parent.isPresent()) {
                Optional<TestSource> parentSource = parent.get().getSource();
                if (parentSource.isPresent() && parentSource.get() instanceof ClassSource clazz) {
                    return clazz.getClassName();
                }
                parent = testPlan.getParent(parent.get());
            }
        }
        String fromId = segmentValue(identifier.getUniqueIdObject(), "runner", "class");
        return fromId != null ? fromId : identifier.getLegacyReportingName();
    }

    private static String segmentValue(UniqueId id, String... types) {
        for (UniqueId.Segment segment : id.getSegments()) {
            for (String type : types) {
                if (segment.getType().equals(type)) {
                    return segment.getValue();
                }
            }
        }
        return null;
    }

    static String areaOf(String className) {
        int dot = className.lastIndexOf('.');
        String pkg = dot < 0 ? "" : className.substring(0, dot);
        if (pkg.equals(TCK_ROOT_PACKAGE)) {
            return "basic";
        }
        for (Map.Entry<String, String> e : PACKAGE_AREAS.entrySet()) {
            if (pkg.equals(e.getKey()) || pkg.startsWith(e.getKey() + ".")) {
                return e.getValue();
            }
        }
        return pkg.isEmpty() ? "(default package)" : pkg;
    }

    private String render() {
        List<String> areas = new ArrayList<>();
        for (String area : AREA_ORDER) {
            if (counts.containsKey(area)) {
                areas.add(area);
            }
        }
        for (String area : counts.keySet()) {
            if (!AREA_ORDER.contains(area)) {
                areas.add(area);
            }
        }
        int width = "total".length();
        for (String area : areas) {
            width = Math.max(width, area.length());
        }

        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        String rule = "-".repeat(width + 6 * 9);
        sb.append(nl).append(rule).append(nl);
        sb.append("JSR-107 TCK summary by area, ").append(TckCluster.passName()).append(" pass").append(nl);
        sb.append(providerLine()).append(nl);
        if (TckCluster.enabled()) {
            sb.append("by-reference caches are node-local on the cluster; by-value caches are spread over its ")
                    .append(TckCluster.NODES).append(" nodes").append(nl);
        }
        sb.append(rule).append(nl);
        String fmt = "%-" + width + "s %8s %8s %8s %8s %8s %8s" + nl;
        sb.append(String.format(fmt, "area", "run", "passed", "failed", "errors", "aborted", "skipped"));
        Counts total = new Counts();
        for (String area : areas) {
            Counts c = counts.get(area);
            total.add(c);
            appendRow(sb, fmt, area, c);
        }
        sb.append(rule).append(nl);
        appendRow(sb, fmt, "total", total);
        sb.append(rule).append(nl);
        sb.append(String.format(
                "TCK total: %d run, %d passed, %d failed, %d errors, %d skipped"
                        + " (%d aborted + %d not executed; surefire counts both as skipped)%n",
                total.run(), total.passed, total.failed, total.errors, total.aborted + total.skipped,
                total.aborted, total.skipped));
        sb.append(rule).append(nl);
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, String fmt, String area, Counts c) {
        sb.append(String.format(fmt, area, c.run(), c.passed, c.failed, c.errors, c.aborted, c.skipped));
    }

    /** Which provider the TCK ran against, and whether it stores by reference. */
    private static String providerLine() {
        try {
            CachingProvider provider = Caching.getCachingProvider();
            boolean byReference = provider.isSupported(OptionalFeature.STORE_BY_REFERENCE);
            return "provider: " + provider.getClass().getName()
                    + " | STORE_BY_REFERENCE: " + (byReference
                            ? "supported"
                            : "not supported (StoreByReferenceTest cases pass without testing anything)");
        } catch (RuntimeException | LinkageError e) {
            return "provider: could not be resolved (" + e + ")";
        }
    }
}
