package io.peanutcache.hibernate.time;

import java.time.Clock;
import java.util.Objects;

/**
 * The wall clock this JVM's region factories read, and answer other nodes with when this node is
 * the cluster's reference: the system's, unless a region factory was given another with
 * {@code peanutcache.hibernate.clock} (tests offset it to play a node whose clock is wrong).
 */
public final class WallClock {

  private static volatile Clock clock = Clock.systemUTC();

  private WallClock() {
  }

  /** The current time of this JVM's clock, in milliseconds since the epoch. */
  public static long millis() {
    return clock.millis();
  }

  /**
   * Makes {@code source} this JVM's clock.
   *
   * @param source the clock
   */
  public static void use(Clock source) {
    clock = Objects.requireNonNull(source, "source");
  }
}
