package io.peanutcache.cluster.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

/** What a node lets run on a partition while it moves: waits, refusals and the drain. */
class PartitionGateTest {

  private final PartitionGate gate = new PartitionGate(8, Duration.ofSeconds(10));

  @Test
  void anOpenPartitionLetsOperationsRun() {
    assertTrue(gate.enter(3));
    assertTrue(gate.enter(3));
    gate.exit(3);
    gate.exit(3);
    assertTrue(gate.isOpen(3));
    assertEquals(0, gate.arriving());
  }

  @Test
  void anOperationWaitsWhileItsPartitionsEntriesArrive() throws Exception {
    int expectation = gate.expect(5);
    assertEquals(1, gate.arriving());
    CompletableFuture<Boolean> operation = CompletableFuture.supplyAsync(() -> gate.enter(5));
    assertThrows(TimeoutException.class, () -> operation.get(300, TimeUnit.MILLISECONDS),
        "the operation ran before the entries arrived");

    gate.arrived(5, expectation);
    assertTrue(operation.get(10, TimeUnit.SECONDS));
    gate.exit(5);
    assertEquals(0, gate.arriving());
  }

  @Test
  void anArrivalCountsForTheLatestExpectationOnly() {
    int first = gate.expect(2);
    int second = gate.expect(2);
    gate.arrived(2, first);
    assertFalse(gate.isOpen(2), "an earlier transfer opened a partition expected again since");
    gate.arrived(2, second);
    assertTrue(gate.isOpen(2));
  }

  @Test
  void aPartitionHandedOverRefusesOperations() {
    assertTrue(gate.hand(1));
    assertFalse(gate.enter(1));
    assertTrue(gate.isHanded(1));
    assertTrue(gate.enter(0), "other partitions run on");
    gate.exit(0);
  }

  @Test
  void handingOverWaitsForTheOperationsUnderWay() throws Exception {
    assertTrue(gate.enter(4));
    CompletableFuture<Boolean> handing = CompletableFuture.supplyAsync(() -> gate.hand(4));
    assertThrows(TimeoutException.class, () -> handing.get(300, TimeUnit.MILLISECONDS),
        "the partition was handed over while an operation ran on it");
    assertFalse(gate.enter(4), "an operation started while the partition was being handed over");

    gate.exit(4);
    assertTrue(handing.get(10, TimeUnit.SECONDS));
  }

  @Test
  void operationsWaitingForEntriesAreRefusedWhenThePartitionIsHandedOnAtOnce() throws Exception {
    gate.expect(6);
    CompletableFuture<Boolean> operation = CompletableFuture.supplyAsync(() -> gate.enter(6));
    assertThrows(TimeoutException.class, () -> operation.get(300, TimeUnit.MILLISECONDS));
    assertTrue(gate.hand(6));
    assertFalse(operation.get(10, TimeUnit.SECONDS), "the waiting operation ran on a partition handed on");
  }

  @Test
  void anOperationGivesUpWhenTheEntriesDoNotArriveInTime() {
    PartitionGate quick = new PartitionGate(2, Duration.ofMillis(200));
    quick.expect(1);
    CacheException late = assertThrows(CacheException.class, () -> quick.enter(1));
    assertTrue(late.getMessage().contains("peanutcache.handoff.timeout"), late.getMessage());
  }

  @Test
  void theGateOfPartitionsThatNeverMoveCountsNothing() {
    PartitionGate fixed = PartitionGate.fixed(4);
    assertTrue(fixed.enter(0));
    assertTrue(fixed.hand(0), "nothing ran, as nothing was counted");
    assertTrue(fixed.enter(1));
    fixed.exit(1);
    assertEquals(0, fixed.arriving());
  }
}
