package io.peanutcache.cluster.leases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.cluster.hosting.CacheId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One node's lease table on its own: who holds a key's lease, who waits, and when it passes. */
class KeyLeasesTest {

  private static final CacheId CACHE = new CacheId("urn:test", "leases");
  private final List<String> events = new CopyOnWriteArrayList<>();
  private KeyLeases leases;

  @AfterEach
  void close() {
    leases.close();
  }

  private static LeaseKey key(String key) {
    return new LeaseKey(CACHE, key.getBytes(StandardCharsets.UTF_8));
  }

  /** A holder that records what it is told, by name. */
  private LeaseHolder holder(String name) {
    return new LeaseHolder() {
      @Override
      public void granted(Lease lease) {
        events.add(name + " granted");
      }

      @Override
      public void expired(Lease lease) {
        events.add(name + " expired");
      }
    };
  }

  private static void write(Lease lease) {
    assertTrue(lease.beginWrite(), "the holder still holds " + lease);
    lease.endWrite(true);
  }

  @Test
  void callersOfOneKeyHoldItInTheOrderTheyAsked() {
    leases = new KeyLeases("owner", Duration.ofMinutes(1));
    Lease first = leases.acquire(key("k"), holder("first"));
    Lease second = leases.acquire(key("k"), holder("second"));
    Lease third = leases.acquire(key("k"), holder("third"));
    Lease other = leases.acquire(key("other"), holder("other"));
    assertEquals(List.of("first granted", "other granted"), events, "one holder per key, at once");
    assertEquals(2, leases.waiters(key("k")));

    write(first);
    assertEquals("second granted", events.get(2));
    assertFalse(first.beginWrite(), "a lease that was written is no longer held");
    second.release();
    assertEquals("third granted", events.get(3));
    write(third);
    write(other);
    assertEquals(0, leases.waiters(key("k")));
  }

  @Test
  void aWaiterThatGivesUpLeavesTheQueueAndIsNeverGranted() {
    leases = new KeyLeases("owner", Duration.ofMinutes(1));
    Lease holder = leases.acquire(key("k"), holder("holder"));
    Lease impatient = leases.acquire(key("k"), holder("impatient"));
    leases.acquire(key("k"), holder("patient"));
    impatient.release();
    holder.release();
    assertEquals(List.of("holder granted", "patient granted"), events);
  }

  @Test
  void aHolderThatKeepsTheLeaseTooLongLosesItToTheNextAndCannotWrite() throws Exception {
    leases = new KeyLeases("owner", Duration.ofMillis(200));
    CountDownLatch nextGranted = new CountDownLatch(1);
    Lease slow = leases.acquire(key("k"), holder("slow"));
    Lease next = leases.acquire(key("k"), new LeaseHolder() {
      @Override
      public void granted(Lease lease) {
        nextGranted.countDown();
      }

      @Override
      public void expired(Lease lease) {
        events.add("next expired");
      }
    });
    assertTrue(nextGranted.await(30, TimeUnit.SECONDS), "the next caller got the lease after the lease time");
    assertTrue(events.contains("slow expired"), "the slow holder was told: " + events);
    assertFalse(slow.beginWrite(), "the slow holder's write is refused");
    write(next);
  }

  @Test
  void aWriteInProgressHoldsOffTheExpiryAndAHolderThatMustRunAgainKeepsTheLease() throws Exception {
    leases = new KeyLeases("owner", Duration.ofMillis(100));
    Lease holder = leases.acquire(key("k"), holder("holder"));
    leases.acquire(key("k"), holder("next"));
    assertTrue(holder.beginWrite());
    Thread.sleep(300); // longer than the lease time, while writing
    assertEquals(List.of("holder granted"), events, "nothing expires during a write");
    assertTrue(holder.endWrite(false), "the holder keeps the lease to run again");
    assertTrue(holder.beginWrite(), "and may write again within a new lease time");
    assertFalse(holder.endWrite(true));
    assertEquals(List.of("holder granted", "next granted"), events);
  }

  @Test
  void tooManyWaitersForAKeyOrANodeAreRefused() {
    leases = new KeyLeases("owner", Duration.ofMinutes(1), 2, 3);
    leases.acquire(key("a"), holder("a holder"));
    leases.acquire(key("a"), holder("a1"));
    leases.acquire(key("a"), holder("a2"));
    TooManyWaitersException perKey = assertThrows(TooManyWaitersException.class,
        () -> leases.acquire(key("a"), holder("a3")));
    assertTrue(perKey.getMessage().contains("2 callers already wait"), perKey.getMessage());

    leases.acquire(key("b"), holder("b holder"));
    leases.acquire(key("b"), holder("b1"));
    TooManyWaitersException perNode = assertThrows(TooManyWaitersException.class,
        () -> leases.acquire(key("b"), holder("b2")));
    assertTrue(perNode.getMessage().contains("3 callers already wait for leases on owner"), perNode.getMessage());
    leases.acquire(key("c"), holder("c holder"));
    assertTrue(events.contains("c holder granted"), "a free key is still granted: holders do not wait");
  }
}
