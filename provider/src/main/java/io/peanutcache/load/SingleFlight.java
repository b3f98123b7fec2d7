package io.peanutcache.load;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Makes concurrent loads of one key happen once (groupcache's singleflight).
 *
 * <p>The first caller for a key becomes the leader: it runs the load and then the store step
 * (which decides, under the key's lock, whether the value may be stored) while later callers for
 * that key wait and receive the same value or the same exception. A caller that arrives after the
 * flight finished starts a new one. {@link #supersede} is called by every write to a key, under the
 * key's lock, so a value loaded before the write is not stored after it. A waiter waits at most
 * the load timeout it was made with, and no longer than the deadline of the peer's request it runs
 * for ({@link RequestDeadline}), and then fails, while the leader's load runs on.
 *
 * @param <V> the type of loaded values
 */
public final class SingleFlight<V> {

  /** How long a caller waits for a load another caller leads, in nanoseconds. */
  private final long waitNanos;

  /** The failure a caller gets when the load it waits for takes longer, given the key. */
  private final Function<Object, RuntimeException> timedOut;

  /** Loads in flight, by key; an entry lives from the leader's start to its result. */
  private final ConcurrentHashMap<Object, Flight<V>> flights = new ConcurrentHashMap<>();

  /** Loads started (groupcache's Loads). */
  private final LongAdder loads = new LongAdder();

  /** Callers that shared a load already in flight instead of starting one (LoadsDeduped). */
  private final LongAdder loadsDeduped = new LongAdder();

  /** Single flight whose callers wait for a load as long as it takes. */
  public SingleFlight() {
    this(Duration.ofNanos(Long.MAX_VALUE), key -> new IllegalStateException("unreachable"));
  }

  /**
   * Single flight whose callers wait at most {@code waitLimit} for a load another caller leads;
   * the leader runs the load to its end, since only it can.
   *
   * @param waitLimit how long a caller waits for a load it joined
   * @param timedOut the failure a caller that waited that long gets, given the key
   */
  public SingleFlight(Duration waitLimit, Function<Object, RuntimeException> timedOut) {
    this.waitNanos = waitLimit.toNanos();
    this.timedOut = timedOut;
  }

  /**
   * Loads {@code key} once for all concurrent callers.
   *
   * @param key the key to load
   * @param load runs the load and stores its result, given the key and the flight (to check
   *     {@link Flight#isSuperseded}); returns the value the callers get, or null
   * @return the value, or null if there is none
   * @throws RuntimeException whatever the load threw, to the leader and every waiter alike; a
   *     waiter whose wait passes the limit gets the time-out failure instead, and one whose
   *     request's deadline passes first a {@link java.util.concurrent.CancellationException}
   */
  public V load(Object key, BiFunction<Object, Flight<V>, V> load) {
    Flight<V> flight = new Flight<>();
    Flight<V> running = flights.putIfAbsent(key, flight);
    if (running != null) {
      loadsDeduped.increment();
      running.addWaiter();
      return await(key, running);
    }
    loads.increment();
    try {
      V value = load.apply(key, flight);
      flight.result().complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      flight.result().completeExceptionally(e);
      throw e;
    } finally {
      flights.remove(key, flight);
    }
  }

  /**
   * Starts flights for every key of {@code keys} that no one is loading yet, for a caller that
   * loads them together (one {@code loadAll}); it must {@link #land} or {@link #fail} each flight
   * it got. Keys already in flight are left out: the caller joins them with {@link #load}.
   *
   * @param keys the keys to load
   * @return the flights this caller now leads, by key
   */
  public Map<Object, Flight<V>> lead(Collection<?> keys) {
    Map<Object, Flight<V>> led = new LinkedHashMap<>();
    for (Object key : keys) {
      Flight<V> flight = new Flight<>();
      if (flights.putIfAbsent(key, flight) == null) {
        loads.increment();
        led.put(key, flight);
      }
    }
    return led;
  }

  /**
   * Ends a flight started by {@link #lead} with its value; its waiters get the value.
   *
   * @param key the key
   * @param flight the flight
   * @param value the loaded value, or null
   */
  public void land(Object key, Flight<V> flight, V value) {
    flights.remove(key, flight);
    flight.result().complete(value);
  }

  /**
   * Ends a flight started by {@link #lead} with a failure; its waiters get the failure.
   *
   * @param key the key
   * @param flight the flight
   * @param failure what the load threw
   */
  public void fail(Object key, Flight<V> flight, RuntimeException failure) {
    flights.remove(key, flight);
    flight.result().completeExceptionally(failure);
  }

  /**
   * Marks a load of {@code key} that is in flight, if any, as overtaken by a write. Call it while
   * holding the key's lock in the store, before the write is visible.
   *
   * @param key the key being written
   */
  public void supersede(Object key) {
    if (flights.isEmpty()) {
      return;
    }
    Flight<V> flight = flights.get(key);
    if (flight != null) {
      flight.supersede();
    }
  }

  /** Marks every load in flight as overtaken, for writes that touch all keys (clear, removeAll). */
  public void supersedeAll() {
    flights.values().forEach(Flight::supersede);
  }

  /**
   * How many loads were started.
   *
   * @return the number of loads
   */
  public long loads() {
    return loads.sum();
  }

  /**
   * How many callers joined a load already in flight instead of starting their own.
   *
   * @return the number of deduplicated loads
   */
  public long loadsDeduped() {
    return loadsDeduped.sum();
  }

  /**
   * The number of loads in flight.
   *
   * @return how many keys are being loaded now
   */
  public int inFlight() {
    return flights.size();
  }

  private V await(Object key, Flight<V> flight) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + waitNanos;
    try {
      while (true) {
        long requestLeft = RequestDeadline.nanosLeft();
        try {
          long left = waitNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
          return flight.result().get(Math.min(left, requestLeft), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          if (requestLeft < Long.MAX_VALUE && RequestDeadline.nanosLeft() <= 0
              && (waitNanos == Long.MAX_VALUE || deadline - System.nanoTime() > 0)) {
            throw RequestDeadline.passed(key);
          }
          throw timedOut.apply(key);
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (cause instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException("load failed", cause);
        } catch (CancellationException e) {
          throw new IllegalStateException("load was cancelled", e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
