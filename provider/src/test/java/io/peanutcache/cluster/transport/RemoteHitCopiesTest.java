package io.peanutcache.cluster.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.cluster.Nodes;
import io.peanutcache.testing.InJvmCluster;
import java.time.Duration;
import java.util.Arrays;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A value read from its owner crosses the network without copies on the way (the owner sends the
 * encoding its store keeps, the caller decodes the field it parsed), and still every caller gets
 * a value of its own: changing what a get returned changes neither the owner's entry, nor a hot
 * copy, nor what any later get returns; an entry replaced on the owner is read anew while the
 * values read before keep what they held.
 */
class RemoteHitCopiesTest {

  private static final int CALLER = 0;
  private static final int OWNER = 1;

  @RegisterExtension
  static final InJvmCluster cluster = InJvmCluster.of(2).rpcTimeout(Duration.ofSeconds(10));

  @BeforeAll
  static void createTheCaches() {
    cluster.manager(CALLER).createCache("by-value", new MutableConfiguration<String, byte[]>()
        .setTypes(String.class, byte[].class));
    PeanutConfiguration<String, byte[]> hot = new PeanutConfiguration<String, byte[]>()
        .setHotCache(100, Duration.ofMinutes(5));
    hot.setTypes(String.class, byte[].class);
    cluster.manager(CALLER).createCache("hot", hot);
  }

  private static Cache<String, byte[]> on(int node, String name) {
    return cluster.manager(node).getCache(name, String.class, byte[].class);
  }

  @Test
  void changingAValueReadFromItsOwnerChangesNothingElse() {
    String key = cluster.keyOwnedBy(OWNER, "by-value-");
    on(OWNER, "by-value").put(key, new byte[] {1, 2, 3});
    long ownerOperations = Nodes.of(cluster.manager(OWNER)).caches().ownerOperations();

    byte[] first = on(CALLER, "by-value").get(key);
    assertArrayEquals(new byte[] {1, 2, 3}, first);
    assertEquals(ownerOperations + 1, Nodes.of(cluster.manager(OWNER)).caches().ownerOperations(),
        "the get was answered by the owner");
    Arrays.fill(first, (byte) 9);

    byte[] second = on(CALLER, "by-value").get(key);
    assertArrayEquals(new byte[] {1, 2, 3}, second, "a later get from the owner");
    assertNotSame(first, second);
    assertArrayEquals(new byte[] {1, 2, 3}, on(OWNER, "by-value").get(key), "the owner's entry");
  }

  @Test
  void anEntryReplacedOnItsOwnerIsReadAnewAndValuesReadBeforeKeepWhatTheyHeld() {
    String key = cluster.keyOwnedBy(OWNER, "replaced-");
    on(OWNER, "by-value").put(key, new byte[] {1, 2, 3});
    byte[] before = on(CALLER, "by-value").get(key);

    on(OWNER, "by-value").put(key, new byte[] {4, 5});
    byte[] after = on(CALLER, "by-value").get(key);

    assertArrayEquals(new byte[] {4, 5}, after);
    assertArrayEquals(new byte[] {1, 2, 3}, before);
  }

  @Test
  void changingAValueReadFromAHotCopyChangesNeitherTheCopyNorTheOwnersEntry() {
    String key = cluster.keyOwnedBy(OWNER, "hot-");
    on(OWNER, "hot").put(key, new byte[] {1, 2, 3});

    byte[] fromTheOwner = on(CALLER, "hot").get(key);
    Arrays.fill(fromTheOwner, (byte) 9);
    long ownerOperations = Nodes.of(cluster.manager(OWNER)).caches().ownerOperations();
    byte[] fromTheCopy = on(CALLER, "hot").get(key);
    assertEquals(ownerOperations, Nodes.of(cluster.manager(OWNER)).caches().ownerOperations(),
        "the second get was answered from the hot copy");
    assertArrayEquals(new byte[] {1, 2, 3}, fromTheCopy, "the hot copy");
    Arrays.fill(fromTheCopy, (byte) 7);

    assertArrayEquals(new byte[] {1, 2, 3}, on(CALLER, "hot").get(key), "the hot copy, read again");
    assertArrayEquals(new byte[] {1, 2, 3}, on(OWNER, "hot").get(key), "the owner's entry");
  }
}
