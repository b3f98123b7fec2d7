package io.peanutcache.cluster.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.codec.ValueCodec;
import io.peanutcache.cluster.ring.PartitionTable;
import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.testing.InJvmCluster;
import java.time.Duration;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One node in this JVM and two in processes of their own; the test kills one process with
 * SIGKILL and checks what the surviving node does with the keys the dead node owned.
 */
class OwnerUnreachableTest {

  /** Node 0 in this JVM, nodes 1 and 2 in JVMs of their own. */
  @RegisterExtension
  final InJvmCluster cluster = InJvmCluster.of(3).with("peanutcache.rpc.timeout", "3s").inOtherJvms(1, 2);

  private List<String> addresses;
  private Cache<String, String> scores;

  @BeforeEach
  void start() throws Exception {
    addresses = cluster.addresses();
    scores = cluster.manager(0).createCache("scores", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(SlowScoreLoader.class)));
  }

  /** A key the node at {@code address} owns. */
  private String keyOwnedBy(String address) {
    PartitionTable table = PartitionTable.of(addresses);
    ValueCodec codec = new ValueCodec(getClass().getClassLoader());
    for (int i = 0; ; i++) {
      String key = "key-" + i;
      if (table.ownerOfKey(codec.encode(key)).equals(address)) {
        return key;
      }
    }
  }

  @Test
  void readsOfADeadOwnersKeysLoadLocallyAndWritesFailNamingThePeer() throws Exception {
    String dead = addresses.get(1);
    String orphan = keyOwnedBy(dead);
    String survivor = keyOwnedBy(addresses.get(2));
    scores.put(survivor, "stored");
    assertEquals("score of " + orphan, scores.get(orphan), "the owner loads it while it lives");

    cluster.kill(1);

    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      assertEquals("score of " + orphan, scores.get(orphan), "a read-through get falls back to a local load");
      PeanutCache<?, ?> local = scores.unwrap(PeanutCache.class);
      assertNull(local.engine().store().get(orphan), "the value is not stored as if this node owned it");

      CacheException thrown = assertThrows(CacheException.class, () -> scores.put(orphan, "lost"));
      assertTrue(thrown.getMessage().contains(dead), "the failure names the peer: " + thrown.getMessage());
      assertThrows(CacheException.class, () -> scores.remove(orphan));

      assertEquals("stored", scores.get(survivor), "keys of live owners are unaffected");
      scores.put(survivor, "updated");
      assertEquals("updated", scores.get(survivor));
    });
  }
}
