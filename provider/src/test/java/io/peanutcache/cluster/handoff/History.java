package io.peanutcache.cluster.handoff;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the clients of a cache saw, operation by operation, for keys whose values only grow: each
 * key has one writer at a time, which puts ever larger values. Threads record concurrently; the
 * checks run once they have stopped.
 *
 * <p>Times are {@link System#nanoTime()} of this JVM: a write's acknowledgement is taken after its
 * put returned, a read's start before its get was called, so that "acknowledged before the read
 * began" never holds by mistake.
 */
final class History {

  /** A put of {@code value} that returned at {@code ackedAt}; called at {@code start}. */
  record Write(String node, String key, long value, long start, long ackedAt) {}

  /** A get that returned {@code value} (null for none), called at {@code start}, returned at {@code end}. */
  record Read(String node, String key, Long value, long start, long end) {}

  /** An operation that threw {@code exception}. */
  record Failure(String node, String operation, String key, String exception, long start, long end) {}

  private final Queue<Write> writes = new ConcurrentLinkedQueue<>();
  private final Queue<Read> reads = new ConcurrentLinkedQueue<>();
  private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
  private final long wallMillisAtStart = System.currentTimeMillis();
  private final long nanosAtStart = System.nanoTime();

  void wrote(String node, String key, long value, long start, long ackedAt) {
    writes.add(new Write(node, key, value, start, ackedAt));
  }

  void read(String node, String key, Long value, long start, long end) {
    reads.add(new Read(node, key, value, start, end));
  }

  void failed(String node, String operation, String key, Throwable failure, long start, long end) {
    failures.add(new Failure(node, operation, key, String.valueOf(failure), start, end));
  }

  /** Each failed operation, described with the time of day it began, to be found in the nodes' logs. */
  List<String> failures() {
    return failures.stream().map(failure -> failure.node() + "'s " + failure.operation() + " of " + failure.key()
        + " began at " + timeOfDay(failure.start()) + " and failed after " + millis(failure.end() - failure.start())
        + " ms: " + failure.exception()).toList();
  }

  /** Each written key's last acknowledged value: its largest, since its values only grow. */
  Map<String, Long> lastAcknowledged() {
    Map<String, Long> last = new HashMap<>();
    writes.forEach(write -> last.merge(write.key(), write.value(), Math::max));
    return last;
  }

  /**
   * The reads that returned a value older than a write of their key acknowledged before they
   * began (none, too, once the key had been written), each described.
   */
  List<String> staleReads() {
    Map<String, List<Write>> byKey = new HashMap<>();
    writes.forEach(write -> byKey.computeIfAbsent(write.key(), key -> new ArrayList<>()).add(write));
    List<String> stale = new ArrayList<>();
    for (Read read : reads) {
      Write newest = null;
      for (Write write : byKey.getOrDefault(read.key(), List.of())) {
        if (write.ackedAt() < read.start() && (newest == null || write.value() > newest.value())) {
          newest = write;
        }
      }
      if (newest != null && (read.value() == null || read.value() < newest.value())) {
        stale.add(read.node() + " read " + read.value() + " for " + read.key() + " "
            + millis(read.start() - newest.ackedAt()) + " ms after " + newest.node() + "'s write of "
            + newest.value() + " was acknowledged");
      }
    }
    return stale;
  }

  /** One line: how many writes, reads and failures, and the slowest operation. */
  String summary() {
    String slowest = "none";
    long longest = -1;
    for (Write write : writes) {
      if (write.ackedAt() - write.start() > longest) {
        longest = write.ackedAt() - write.start();
        slowest = "a put of " + write.key() + " on " + write.node();
      }
    }
    for (Read read : reads) {
      if (read.end() - read.start() > longest) {
        longest = read.end() - read.start();
        slowest = "a get of " + read.key() + " on " + read.node();
      }
    }
    for (Failure failure : failures) {
      if (failure.end() - failure.start() > longest) {
        longest = failure.end() - failure.start();
        slowest = "a failed " + failure.operation() + " of " + failure.key() + " on " + failure.node();
      }
    }
    return writes.size() + " writes, " + reads.size() + " reads, " + failures.size() + " failures; slowest: "
        + slowest + ", " + millis(Math.max(longest, 0)) + " ms";
  }

  private String timeOfDay(long nanos) {
    return LocalTime.ofInstant(Instant.ofEpochMilli(wallMillisAtStart).plusNanos(nanos - nanosAtStart),
        ZoneId.systemDefault()).toString();
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
