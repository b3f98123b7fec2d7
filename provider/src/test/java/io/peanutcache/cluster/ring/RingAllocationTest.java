package io.peanutcache.cluster.ring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding a key's owner, which every remote operation does, allocates nothing: neither the hash
 * nor the table lookup. Measured after warm-up with the JVM's per-thread allocation counter,
 * averaged over many calls.
 */
class RingAllocationTest {

  private static final int CALLS = 50_000;

  /** Room for the counter's own noise, below the 16 bytes of the smallest object. */
  private static final long SLACK_BYTES_PER_CALL = 8;

  private static com.sun.management.ThreadMXBean threads;

  /** 47 bytes, so that hashing it takes every path: a stripe, then 8-, 4- and 1-byte tails. */
  private final byte[] key =
      "order:2024-11-23:customer-0042:eu-west-1:item-7".getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  static void needsThePerThreadAllocationCounter() {
    assertTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "these tests need a HotSpot-based JVM (com.sun.management.ThreadMXBean), as OpenJDK 17");
    threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertTrue(threads.isThreadAllocatedMemorySupported(),
        "these tests need the JVM's per-thread allocation counter, which OpenJDK 17 provides");
    threads.setThreadAllocatedMemoryEnabled(true);
  }

  @Test
  void hashingAllocatesNothing() {
    long perCall = bytesAllocatedPerCall(() -> (int) XxHash64.hash(key, 0, key.length, 0L));

    assertTrue(perCall <= SLACK_BYTES_PER_CALL, perCall + " bytes per hash");
  }

  @Test
  void findingAKeysOwnerAllocatesNothing() {
    PartitionTable table = PartitionTable.of(List.of("node-1", "node-2", "node-3"));

    long perCall = bytesAllocatedPerCall(() -> table.ownerOfKey(key).length());

    assertTrue(perCall <= SLACK_BYTES_PER_CALL, perCall + " bytes per ownerOfKey");
  }

  private static long bytesAllocatedPerCall(IntSupplier call) {
    int sink = 0;
    for (int i = 0; i < CALLS; i++) {
      sink += call.getAsInt();
    }
    long threadId = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(threadId);
    for (int i = 0; i < CALLS; i++) {
      sink += call.getAsInt();
    }
    long after = threads.getThreadAllocatedBytes(threadId);
    assertTrue(sink != 42);
    return (after - before) / CALLS;
  }
}
