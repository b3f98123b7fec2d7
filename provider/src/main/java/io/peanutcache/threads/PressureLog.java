package io.peanutcache.threads;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Logs that a bound refused work, at most once a minute: the first refusal at once, then one line
 * a minute while refusals go on, each with how many there were since the last line and the numbers
 * of the bound (what it holds, what it allows). A node under pressure says so without flooding its
 * log. Thread-safe.
 *
 * <p>A line reads {@code <what> 8936 times since the last report (at most one a minute): <numbers>},
 * for instance {@code the requests of peers on node n1 were refused 8936 times since ...}.
 */
public final class PressureLog {

  /** How often, at most, a bound under pressure logs it. */
  public static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final System.Logger log;
  private final String what;
  private final LongAdder refused = new LongAdder();
  private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

  /**
   * The log of one bound.
   *
   * @param log where the lines go
   * @param what says what happened, naming the bound and the node, such as
   *     {@code the requests of peers on node n1 were refused}
   */
  public PressureLog(System.Logger log, String what) {
    this.log = log;
    this.what = what;
  }

  /**
   * Counts one refusal, and logs the refusals since the last line if a minute has passed.
   *
   * @param numbers the numbers of the bound now, read only when a line is logged
   */
  public void refused(Supplier<String> numbers) {
    refused.increment();
    long last = lastLogged.get();
    long now = System.nanoTime();
    if (now - last >= INTERVAL_NANOS && lastLogged.compareAndSet(last, now)) {
      log.log(System.Logger.Level.WARNING, "{0} {1} times since the last report (at most one a minute): {2}",
          what, refused.sumThenReset(), numbers.get());
    }
  }
}
