package io.peanutcache.hibernate.readwrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.spi.PeanutCachingProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.util.Comparator;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read-write steps one by one, on a PeanutCache cache: what each leaves for a key and what
 * later steps may then do. Timestamps are plain numbers here; a lock lasts {@value #TIMEOUT}.
 */
class ReadWriteStepsTest {

  private static final long TIMEOUT = 1000;
  private static final String KEY = "product#1";
  private static final VersionOrder VERSIONS = VersionOrder.of(null);

  private CacheManager manager;
  private Cache<Object, Object> region;
  private final UUID source = UUID.randomUUID();
  private long lockIds;

  @BeforeEach
  void open() {
    manager = Caching.getCachingProvider(PeanutCachingProvider.class.getName())
        .getCacheManager(URI.create("urn:read-write-steps:" + UUID.randomUUID()), getClass().getClassLoader());
    region = manager.createCache("products", new MutableConfiguration<>());
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private LockHandle handle() {
    return new LockHandle(source, lockIds++);
  }

  private boolean putFromLoad(Object value, Object version, long txTimestamp) {
    return region.invoke(KEY, new PutFromLoad(value, version, txTimestamp, false, VERSIONS));
  }

  private LockHandle lock(Object version, long now) {
    return region.invoke(KEY, new LockItem(handle(), version, now + TIMEOUT));
  }

  private void unlock(LockHandle lock, long now) {
    region.invoke(KEY, new UnlockItem(lock, now, TIMEOUT));
  }

  private Lockable held() {
    return (Lockable) region.get(KEY);
  }

  @Test
  void aLoadedValueIsReadableByTransactionsThatBeganAfterIt() {
    assertThat(putFromLoad("v1", 1L, 100)).isTrue();

    assertThat(held().isReadable(101)).isTrue();
    assertThat(held().isReadable(100)).isFalse();
    assertThat(putFromLoad("v1 again", 1L, 150)).as("same version").isFalse();
    assertThat(putFromLoad("v2", 2L, 150)).as("newer version").isTrue();
    assertThat(putFromLoad("v1", 1L, 160)).as("older version").isFalse();
    assertThat(((Item) held()).value()).isEqualTo("v2");
  }

  @Test
  void aLockHidesTheValueAndRefusesLoadsUntilItIsReleased() {
    putFromLoad("v1", null, 100);
    LockHandle lock = lock(null, 200);

    assertThat(held().isReadable(300)).isFalse();
    assertThat(putFromLoad("read before the commit", null, 250)).isFalse();

    unlock(lock, 400);
    assertThat(putFromLoad("began before the release", null, 399)).isFalse();
    assertThat(putFromLoad("began after the release", null, 401)).isTrue();
  }

  @Test
  void aVersionedLoadNewerThanTheLockedVersionMayReplaceAReleasedLock() {
    putFromLoad("v1", 1L, 100);
    unlock(lock(1L, 200), 300);

    assertThat(putFromLoad("v1", 1L, 250)).isFalse();
    assertThat(putFromLoad("v2", 2L, 250)).isTrue();
  }

  @Test
  void anUpdateAloneUnderItsLockCachesItsValue() {
    putFromLoad("v1", 1L, 100);
    LockHandle lock = lock(1L, 200);

    assertThat(region.invoke(KEY, new AfterUpdate(lock, "v2", 2L, 300, TIMEOUT))).isTrue();

    assertThat(((Item) held()).value()).isEqualTo("v2");
    assertThat(held().isReadable(301)).isTrue();
  }

  @Test
  void concurrentUpdatesCacheNothingUntilTheLastOneReleases() {
    LockHandle first = lock(1L, 200);
    LockHandle second = lock(1L, 210);
    assertThat(((Lock) held()).holders()).containsExactlyInAnyOrder(first, second);

    assertThat(region.invoke(KEY, new AfterUpdate(first, "v2", 2L, 300, TIMEOUT))).isFalse();
    assertThat(((Lock) held()).holders()).containsExactly(second);
    assertThat(putFromLoad("v2", 2L, 350)).as("still held").isFalse();

    unlock(second, 400);
    assertThat(((Lock) held()).holders()).isEmpty();
    assertThat(putFromLoad("v3", 3L, 450)).isTrue();
  }

  @Test
  void aLockWhoseHolderNeverReleasesItExpires() {
    lock(null, 200);

    assertThat(putFromLoad("before the timeout", null, 200 + TIMEOUT)).isFalse();
    assertThat(putFromLoad("after the timeout", null, 201 + TIMEOUT)).isTrue();
  }

  @Test
  void releasingALockThatIsGoneLeavesOneReleasedNow() {
    LockHandle lock = lock(null, 200);
    region.clear();

    unlock(lock, 500);

    assertThat(held()).isInstanceOf(Lock.class);
    assertThat(putFromLoad("began before the release", null, 450)).isFalse();
    assertThat(putFromLoad("began after", null, 501)).isTrue();
  }

  @Test
  void aStepSentAgainChangesNothingMore() {
    LockHandle mine = handle();
    region.invoke(KEY, new LockItem(mine, null, 200 + TIMEOUT));
    region.invoke(KEY, new LockItem(mine, null, 210 + TIMEOUT));
    assertThat(((Lock) held()).holders()).containsExactly(mine);
    assertThat(((Lock) held()).concurrent()).as("one transaction, locking twice").isFalse();

    LockHandle theirs = lock(null, 220);
    unlock(mine, 300);
    unlock(mine, 310);
    assertThat(((Lock) held()).holders()).as("their hold stays").containsExactly(theirs);
    assertThat(putFromLoad("while they hold it", null, 400)).isFalse();

    unlock(theirs, 500);
    assertThat(putFromLoad("v1", null, 501)).isTrue();
    region.invoke(KEY, new AfterUpdate(theirs, "late", null, 600, TIMEOUT));
    assertThat(held()).as("a released lock became an item; a late step leaves a lock released at"
        + " once, a miss rather than a stale value").isInstanceOf(Lock.class);
    assertThat(((Lock) held()).holders()).isEmpty();
  }

  @Test
  void releasingALockHeldByOthersOnlyLeavesTheirHolds() {
    LockHandle expired = handle();
    LockHandle theirs = lock(null, 200);

    unlock(expired, 300);
    region.invoke(KEY, new AfterUpdate(expired, "mine", null, 300, TIMEOUT));

    assertThat(((Lock) held()).holders()).containsExactly(theirs);
  }

  @Test
  void anInsertIsCachedOnlyWhereNothingIs() {
    assertThat(region.invoke(KEY, new AfterInsert("v1", 1L, 100))).isTrue();
    assertThat(region.invoke(KEY, new AfterInsert("v1 again", 1L, 200))).isFalse();
    assertThat(((Item) held()).value()).isEqualTo("v1");
  }

  @Test
  void removingKeepsALock() {
    lock(null, 200);
    region.invoke(KEY, new RemoveUnlessLocked());
    assertThat(held()).isInstanceOf(Lock.class);

    region.put(KEY, new Item("v1", null, 100));
    region.invoke(KEY, new RemoveUnlessLocked());
    assertThat(region.containsKey(KEY)).isFalse();
  }

  @Test
  void versionsCompareWithASerializableComparatorOrNaturally() {
    Comparator<Object> reversed = (Comparator<Object> & java.io.Serializable)
        (a, b) -> Long.compare((Long) b, (Long) a);
    assertThat(VersionOrder.of(reversed).isOlder(2L, 1L)).isTrue();
    Comparator<Object> notSerializable = (a, b) -> 0;
    assertThat(VersionOrder.of(notSerializable).isOlder(1L, 2L)).as("natural order").isTrue();
    assertThat(VersionOrder.NATURAL.isOlder(new byte[1], new byte[2]))
        .as("versions that do not compare are never older").isFalse();
  }

  @Test
  void everyStepTravelsToTheOwner() throws Exception {
    LockHandle lock = handle();
    for (Object step : new Object[] {new PutFromLoad("v", 1L, 1, true, VERSIONS),
        new LockItem(lock, 1L, 2), new UnlockItem(lock, 3, TIMEOUT),
        new AfterInsert("v", 1L, 4), new AfterUpdate(lock, "v", 2L, 5, TIMEOUT),
        new RemoveUnlessLocked(), new Item("v", 1L, 6), Lock.first(lock, 1L, 7)}) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(step);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        assertThat(in.readObject()).isInstanceOf(step.getClass());
      }
    }
  }
}
