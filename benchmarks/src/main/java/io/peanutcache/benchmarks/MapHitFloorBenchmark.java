package io.peanutcache.benchmarks;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The fastest a local hit can be on this machine, whatever cache answers it: a lookup in a plain
 * {@link ConcurrentHashMap} of the same keys and values {@link LocalCacheBenchmark} measures, and
 * that lookup followed by a copy of the value, which is the least a store-by-value hit must do.
 * Both run with the same forks, heap, warm-up and walk over the keys as {@code LocalCacheBenchmark},
 * so their scores are the ceiling of its {@code storeByValue=false} and {@code storeByValue=true}
 * scores in the same conditions.
 *
 * <p>The heap is collected once the map is filled, as {@code LocalCacheBenchmark} collects it
 * ({@link LocalCacheBenchmark.CacheState#settleHeap}).
 *
 * <p>Neither is a cache: no statistics, no expiry, no copy of the key, no check of the key's type.
 * What separates them from a JCache provider's hit is the provider's code; what separates the
 * copying one from the other is the memory a copy reads and writes. With {@value
 * LocalCacheBenchmark#KEY_COUNT} keys the walk's entries do not fit in the processor's caches, and
 * both wait on memory; with {@code -p keyCount=1000} they do.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
public class MapHitFloorBenchmark {

  /** The map, filled as {@link LocalCacheBenchmark} fills its cache. */
  @State(Scope.Benchmark)
  public static class MapState {

    /** How many keys the map holds and the threads walk. */
    @Param({"" + LocalCacheBenchmark.KEY_COUNT})
    public int keyCount;

    String[] keys;

    final ConcurrentHashMap<String, byte[]> map = new ConcurrentHashMap<>();

    /** Fills the map with {@code "key-0"} … mapped to the values {@code LocalCacheBenchmark} puts. */
    @Setup(Level.Trial)
    public void setUp() {
      keys = LocalCacheBenchmark.CacheState.keys(keyCount);
      for (int i = 0; i < keyCount; i++) {
        map.put(keys[i], LocalCacheBenchmark.CacheState.value(i));
      }
      if (!Arrays.equals(map.get(keys[keyCount - 1]), LocalCacheBenchmark.CacheState.value(keyCount - 1))) {
        throw new IllegalStateException("the map lost " + keys[keyCount - 1]);
      }
      LocalCacheBenchmark.CacheState.settleHeap();
    }
  }

  /** One thread's walk over the keys, as {@link LocalCacheBenchmark.Cursor} walks them. */
  @State(Scope.Thread)
  public static class Cursor {

    KeyWalk<String> walk;

    /** Shuffles the keys with the seed {@code LocalCacheBenchmark}'s walk of this thread uses. */
    @Setup(Level.Trial)
    public void setUp(MapState state, ThreadParams threadParams) {
      walk = new KeyWalk<>(state.keys, KeyWalk.SEED + threadParams.getThreadIndex());
    }
  }

  /** A lookup, one thread: the ceiling of a store-by-reference hit. */
  @Benchmark
  @Threads(1)
  public byte[] lookup1Thread(MapState state, Cursor cursor) {
    return state.map.get(cursor.walk.next());
  }

  /** A lookup, two threads at once. */
  @Benchmark
  @Threads(2)
  public byte[] lookup2Threads(MapState state, Cursor cursor) {
    return state.map.get(cursor.walk.next());
  }

  /** A lookup and a copy of the value, one thread: the ceiling of a store-by-value hit. */
  @Benchmark
  @Threads(1)
  public byte[] lookupAndCopy1Thread(MapState state, Cursor cursor) {
    return state.map.get(cursor.walk.next()).clone();
  }

  /** A lookup and a copy of the value, two threads at once. */
  @Benchmark
  @Threads(2)
  public byte[] lookupAndCopy2Threads(MapState state, Cursor cursor) {
    return state.map.get(cursor.walk.next()).clone();
  }
}
