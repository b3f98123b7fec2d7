package io.peanutcache.benchmarks;

import io.peanutcache.etcd.testing.EtcdServer;
import io.peanutcache.testing.FreePorts;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

/**
 * Measures what an application pays for a JCache provider before it caches anything: the jars its
 * build resolves (how many, their size, the classes in them), and the start-up time and memory of
 * a program that puts one entry and gets it back ({@link OnePutOneGet}), for PeanutCache embedded,
 * PeanutCache as one node with a static peer list, PeanutCache as one node that joins through a
 * real etcd, Caffeine's JCache provider and one Hazelcast member (member-side JCache).
 *
 * <p>The class paths are those Maven resolves for the applications in {@code benchmarks/footprint/}
 * (one pom each, importing what such an application imports: PeanutCache's BOM for PeanutCache),
 * written to their {@code target/classpath.txt} when the project is packaged. Each run is a fresh
 * JVM with that class path, the program's classes and no other option; start-up is timed from
 * just before this program starts the JVM to the moment the line the program prints after its get
 * arrives (so it includes the JVM's own start), and the program also
 * reports the time from its {@code main} to the get's return. The resident set size is read in the
 * program right after the get. One run of each, not counted, comes first; then the runs go round
 * the providers in turn, so that whatever else the machine does falls on all of them alike. One
 * more run of each, not timed, logs the classes the JVM loads ({@code -Xlog:class+load}).
 *
 * <p>The etcd runs share one etcd (Debian's {@code etcd-server}, started by {@link EtcdServer}),
 * each run in a cluster of its own name, so every node is the first of its cluster, as the static
 * node is. Run from the project's root, after {@code mvn -q -pl benchmarks -am package
 * -DskipTests}: {@code java -cp benchmarks/target/benchmarks.jar
 * io.peanutcache.benchmarks.FootprintMeasurement [runs] [case ...]}, by default 11 runs of every
 * case; the children's output is kept in {@code benchmarks/target/footprint/}. JVM options for
 * every child, to see what one changes, go in the system property {@value #CHILD_OPTIONS},
 * separated by spaces.
 */
public final class FootprintMeasurement {

  /** Where the applications' poms are, from the project's root. */
  private static final Path APPLICATIONS = Path.of("benchmarks", "footprint");

  /** Where the children's logs, class-loading logs and the program's classes go. */
  private static final Path WORK = Path.of("benchmarks", "target", "footprint");

  /** The system property whose value, split at spaces, is added to every child's JVM options. */
  static final String CHILD_OPTIONS = "peanutcache.footprint.jvm-options";

  /** How long a child may take to print its line, and then to exit. */
  private static final long CHILD_TIMEOUT_SECONDS = 60;

  /** An application's class path: the jars its build resolves, in Maven's order. */
  private record Application(String name, List<Path> jars) {

    static Application read(String name) throws IOException {
      Path file = APPLICATIONS.resolve(name).resolve("target").resolve("classpath.txt");
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException(file + " is missing: run, from the project's root, "
            + "mvn -q -pl benchmarks -am package -DskipTests");
      }
      String text = Files.readString(file).trim();
      return new Application(name, Arrays.stream(text.split(File.pathSeparator)).map(Path::of).toList());
    }

    long bytes() {
      return jars.stream().mapToLong(jar -> {
        try {
          return Files.size(jar);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    }

    /** The classes in the jars, each once: versioned copies and module descriptors not counted. */
    long classes() throws IOException {
      long classes = 0;
      for (Path jar : jars) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
          classes += zip.stream().map(entry -> entry.getName())
              .filter(entry -> entry.endsWith(".class") && !entry.startsWith("META-INF/versions/")
                  && !entry.endsWith("module-info.class"))
              .count();
        }
      }
      return classes;
    }
  }

  /** One way of starting the program: which application's class path, and its arguments. */
  private record Case(String name, String label, String application, boolean etcd) {}

  private static final List<Case> CASES = List.of(
      new Case("embedded", "PeanutCache embedded", "provider", false),
      new Case("static", "PeanutCache, one node, static peer list", "provider", false),
      new Case("etcd", "PeanutCache, one node, etcd", "etcd", true),
      new Case("caffeine", "Caffeine (JCache)", "caffeine", false),
      new Case("hazelcast", "Hazelcast, one member (JCache)", "hazelcast", false));

  /** What one run measured. */
  private record Run(double launchToGetMillis, double mainToGetMillis, long rssKib, long peakRssKib) {}

  private final Map<String, Application> applications = new LinkedHashMap<>();
  private final Path programClasses = WORK.resolve("program");
  private EtcdServer etcd;
  private int runCount;

  private FootprintMeasurement() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 11;
    List<Case> cases = args.length > 1
        ? Arrays.stream(args).skip(1).map(FootprintMeasurement::caseNamed).toList() : CASES;
    new FootprintMeasurement().measure(runs, cases);
  }

  private static Case caseNamed(String name) {
    return CASES.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("unknown case " + name + "; allowed: "
            + CASES.stream().map(Case::name).collect(Collectors.joining(", "))));
  }

  private void measure(int runs, List<Case> cases) throws Exception {
    for (String name : List.of("provider", "etcd", "caffeine", "hazelcast")) {
      applications.put(name, Application.read(name));
    }
    printFootprint();
    copyProgram();
    if (cases.stream().anyMatch(Case::etcd)) {
      etcd = new EtcdServer();
      etcd.beforeAll(null);
    }
    try {
      Map<Case, List<Run>> results = new LinkedHashMap<>();
      for (Case c : cases) {
        results.put(c, new ArrayList<>());
        run(c, List.of()); // warms the page cache and etcd; not counted
      }
      for (int round = 0; round < runs; round++) {
        for (int i = 0; i < cases.size(); i++) {
          Case c = cases.get((round + i) % cases.size());
          Run run = run(c, List.of());
          results.get(c).add(run);
          System.out.printf("round %d %-9s launch to get %6.0f ms, main to get %6.0f ms, RSS %5.1f MB%n",
              round + 1, c.name(), run.launchToGetMillis(), run.mainToGetMillis(), run.rssKib() * 1024 / 1e6);
        }
      }
      Map<Case, String> loaded = new LinkedHashMap<>();
      for (Case c : cases) {
        loaded.put(c, loadedClasses(c));
      }
      printStartUp(runs, results, loaded);
    } finally {
      if (etcd != null) {
        etcd.afterAll(null);
      }
    }
  }

  private void printFootprint() throws IOException {
    System.out.println("| application | jars | MB | classes |");
    System.out.println("| --- | ---: | ---: | ---: |");
    for (Application application : applications.values()) {
      System.out.printf("| %s | %d | %.1f | %,d |%n", application.name(), application.jars().size(),
          application.bytes() / 1e6, application.classes());
    }
    for (Application application : applications.values()) {
      System.out.println(application.name() + ": " + application.jars().stream()
          .map(jar -> jar.getFileName().toString()).collect(Collectors.joining(" ")));
    }
  }

  /** Copies the program's classes to a directory of their own, the only thing besides the jars. */
  private void copyProgram() throws IOException {
    for (Class<?> type : List.of(OnePutOneGet.class, HazelcastMembers.class)) {
      List<Class<?>> classes = new ArrayList<>(List.of(type));
      classes.addAll(List.of(type.getDeclaredClasses()));
      for (Class<?> copied : classes) {
        String resource = copied.getName().replace('.', '/') + ".class";
        Path target = programClasses.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = FootprintMeasurement.class.getClassLoader().getResourceAsStream(resource)) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** Starts the program in a fresh JVM, waits for its line and its exit, and returns what it measured. */
  private Run run(Case c, List<String> jvmOptions) throws IOException, InterruptedException {
    int number = ++runCount;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String options = System.getProperty(CHILD_OPTIONS, "").trim();
    if (!options.isEmpty()) {
      command.addAll(List.of(options.split("\\s+")));
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(programClasses + File.pathSeparator + applications.get(c.application()).jars().stream()
        .map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    String address = FreePorts.loopbackAddresses(1).get(0);
    switch (c.name()) {
      case "static" -> command.addAll(List.of("-Dpeanutcache.bind=" + address,
          "-Dpeanutcache.peers=" + address));
      case "etcd" -> command.addAll(List.of("-Dpeanutcache.bind=" + address,
          "-Dpeanutcache.etcd.endpoints=" + etcd.endpoint(), "-Dpeanutcache.cluster=footprint-" + number));
      default -> { }
    }
    command.add(OnePutOneGet.class.getName());
    if (c.name().equals("hazelcast")) {
      command.addAll(List.of("hazelcast", "footprint-" + UUID.randomUUID(),
          address.substring(address.lastIndexOf(':') + 1)));
    } else {
      command.add("jcache");
    }
    Path log = WORK.resolve("logs").resolve(c.name() + "-" + number + ".log");
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("PEANUTCACHE_"));
    long launched = System.nanoTime();
    Process child = builder.start();
    try {
      String ready = readyLine(child, c);
      long arrived = System.nanoTime();
      if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException(c.name() + ": the program did not exit within "
            + CHILD_TIMEOUT_SECONDS + " s of its get; see " + log);
      }
      if (child.exitValue() != 0) {
        throw new IllegalStateException(c.name() + ": the program exited with " + child.exitValue() + "; see " + log);
      }
      String[] fields = ready.split(" ");
      return new Run((arrived - launched) / 1e6, Long.parseLong(fields[1]) / 1e6, Long.parseLong(fields[2]),
          Long.parseLong(fields[3]));
    } finally {
      if (child.isAlive()) {
        child.destroyForcibly().waitFor();
      }
    }
  }

  /** The program's line after its get; its other output is passed over. */
  private static String readyLine(Process child, Case c) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(OnePutOneGet.READY + " ")) {
        return line;
      }
    }
    throw new IllegalStateException(c.name() + ": the program ended without getting its entry");
  }

  /**
   * Runs the program once more with class loading logged, and says how many classes it loaded:
   * from the JDK, from the application's jars (the jars that gave most), and generated at run time.
   */
  private String loadedClasses(Case c) throws IOException, InterruptedException {
    Path log = WORK.resolve("class-load-" + c.name() + ".txt");
    Files.deleteIfExists(log);
    run(c, List.of("-Xlog:class+load=info:file=" + log));
    int jdk = 0;
    int generated = 0;
    Map<String, Integer> byJar = new TreeMap<>();
    for (String line : Files.readAllLines(log)) {
      int source = line.indexOf(" source: ");
      if (source < 0) {
        continue;
      }
      String from = line.substring(source + " source: ".length());
      if (from.startsWith("jrt:/") || from.startsWith("shared objects file")) {
        jdk++;
      } else if (from.startsWith("file:")) {
        byJar.merge(Path.of(from.substring("file:".length())).getFileName().toString(), 1, Integer::sum);
      } else {
        generated++;
      }
    }
    int fromJars = byJar.values().stream().mapToInt(Integer::intValue).sum();
    List<Map.Entry<String, Integer>> most = new ArrayList<>(byJar.entrySet());
    most.sort(Collections.reverseOrder(Map.Entry.comparingByValue()));
    return String.format("%,d | %,d | %,d | %,d | %s", jdk + fromJars + generated, jdk, fromJars, generated,
        most.stream().limit(5).map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
  }

  private static void printStartUp(int runs, Map<Case, List<Run>> results, Map<Case, String> loaded) {
    System.out.printf("%nmedians of %d runs each (min–max)%n", runs);
    System.out.println("| | launch to first get | main to first get | RSS after the get | peak RSS |");
    System.out.println("| --- | ---: | ---: | ---: | ---: |");
    for (Map.Entry<Case, List<Run>> result : results.entrySet()) {
      List<Run> of = result.getValue();
      System.out.printf("| %s | %s | %s | %s | %s |%n", result.getKey().label(),
          millis(of.stream().mapToDouble(Run::launchToGetMillis).toArray()),
          millis(of.stream().mapToDouble(Run::mainToGetMillis).toArray()),
          megabytes(of.stream().mapToDouble(Run::rssKib).toArray()),
          megabytes(of.stream().mapToDouble(Run::peakRssKib).toArray()));
    }
    System.out.println();
    System.out.println("| | classes loaded | from the JDK | from the jars | generated | jars that gave most |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | --- |");
    for (Map.Entry<Case, String> row : loaded.entrySet()) {
      System.out.println("| " + row.getKey().label() + " | " + row.getValue() + " |");
    }
  }

  private static String millis(double[] values) {
    Arrays.sort(values);
    return String.format("%.2f s (%.2f–%.2f)", median(values) / 1000, values[0] / 1000,
        values[values.length - 1] / 1000);
  }

  private static String megabytes(double[] kib) {
    Arrays.sort(kib);
    return String.format("%.0f MB (%.0f–%.0f)", median(kib) * 1024 / 1e6, kib[0] * 1024 / 1e6,
        kib[kib.length - 1] * 1024 / 1e6);
  }

  private static double median(double[] sorted) {
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
