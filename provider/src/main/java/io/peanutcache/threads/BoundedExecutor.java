package io.peanutcache.threads;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs tasks on at most a fixed number of threads, with at most a fixed number of tasks waiting
 * for one; a task beyond both is refused at once, with a {@link RejectedExecutionException} that
 * names the limits and their settings, rather than queued without end. Threads start as tasks come
 * and end after a minute without work. Refusals are logged at most once a minute, with the numbers
 * (see {@link PressureLog}).
 */
public final class BoundedExecutor implements Executor {

  private static final System.Logger LOG = System.getLogger(BoundedExecutor.class.getName());

  private final String what;
  private final int threads;
  private final int queue;
  private final String settings;
  private final ThreadPoolExecutor pool;
  private final PressureLog pressure;
  private final LongAdder refused = new LongAdder();

  /**
   * An executor with its limits.
   *
   * @param what what it runs and for which node, for messages: {@code the requests of peers on node n1}
   * @param threadPrefix the name its threads start with
   * @param threads the most threads, at least 1
   * @param threadsKey the setting of {@code threads}, for messages
   * @param queue the most tasks waiting for a thread, at least 1
   * @param queueKey the setting of {@code queue}, for messages
   */
  public BoundedExecutor(String what, String threadPrefix, int threads, String threadsKey, int queue,
      String queueKey) {
    this.what = what;
    this.threads = threads;
    this.queue = queue;
    this.settings = threadsKey + "=" + threads + ", " + queueKey + "=" + queue;
    this.pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(queue),
        new DaemonThreads(threadPrefix));
    pool.allowCoreThreadTimeOut(true);
    this.pressure = new PressureLog(LOG, what + " were refused");
  }

  /**
   * Runs {@code task} on a thread of this executor, now or once one is free.
   *
   * @param task the task
   * @throws RejectedExecutionException if every thread is busy and the queue is full, saying so with
   *     the limits; or if the executor is shut down
   */
  @Override
  public void execute(Runnable task) {
    try {
      pool.execute(task);
    } catch (RejectedExecutionException full) {
      if (pool.isShutdown()) {
        throw new RejectedExecutionException(what + " stopped: the node is closing");
      }
      refused.increment();
      pressure.refused(this::numbers);
      throw new RejectedExecutionException("overloaded: " + what + " have " + numbers());
    }
  }

  /** What the executor holds now against what it allows. */
  private String numbers() {
    return pool.getActiveCount() + " of " + threads + " threads busy and " + pool.getQueue().size() + " of " + queue
        + " tasks waiting (" + settings + ")";
  }

  /**
   * How many tasks wait for a thread now.
   *
   * @return the number of queued tasks
   */
  public int queued() {
    return pool.getQueue().size();
  }

  /**
   * How many tasks were refused since the executor was made.
   *
   * @return the number of refusals
   */
  public long refused() {
    return refused.sum();
  }

  /**
   * The most threads the executor runs.
   *
   * @return the thread limit
   */
  public int threadLimit() {
    return threads;
  }

  /** Stops the threads and drops the waiting tasks; later tasks are refused. */
  public void shutdownNow() {
    pool.shutdownNow();
  }

  /**
   * Whether {@link #shutdownNow} was called.
   *
   * @return true once the executor is shut down
   */
  public boolean isShutdown() {
    return pool.isShutdown();
  }

  @Override
  public String toString() {
    return "BoundedExecutor{" + what + ", " + numbers() + "}";
  }
}
