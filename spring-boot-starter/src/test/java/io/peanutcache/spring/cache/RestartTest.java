package io.peanutcache.spring.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.jcache.PeanutCacheManager;
import org.junit.jupiter.api.Test;

/**
 * A context closed and made again in the same JVM, as Spring DevTools restarts an application,
 * gets a working node again on the same address.
 */
class RestartTest {

  @Test
  void aContextClosedAndStartedAgainIsANodeAgainOnTheSamePort() {
    try (SpringNodes nodes = SpringNodes.start(2)) {
      PeanutCacheManager before = nodes.context(1).getBean(PeanutCacheManager.class);
      nodes.cache(0, "shared").put("before", "restart");

      nodes.restart(1);

      assertThat(before.isClosed()).as("the old context's node left").isTrue();
      PeanutCacheManager after = nodes.context(1).getBean(PeanutCacheManager.class);
      assertThat(after.nodeSettings().bind().orElseThrow().toString()).isEqualTo(nodes.address(1));
      assertThat(after.nodeStatus()).isPresent();
      nodes.cache(1, "shared").put("after", "restart");
      assertThat(nodes.cache(0, "shared").get("after").get()).isEqualTo("restart");
      for (int i = 0; i < 20; i++) {
        String key = "key-" + i;
        nodes.cache(0, "shared").put(key, i);
        assertThat(nodes.cache(1, "shared").get(key).get()).isEqualTo(i);
      }
    }
  }
}
