package io.peanutcache.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.spring.boot.PeanutCacheAutoConfiguration;
import io.peanutcache.etcd.testing.EtcdServer;
import io.peanutcache.testing.FreePorts;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code peanutcache} health of a node that finds its peers through a real etcd, while etcd
 * goes away and comes back: UP while the node's registration may still stand, DOWN once etcd has
 * been missed for longer than the registration lasts, UP again when etcd answers.
 */
class EtcdHealthTest {

  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(PeanutCacheAutoConfiguration.class,
          PeanutCacheHealthAutoConfiguration.class))
      .withPropertyValues("peanutcache.bind=" + FreePorts.loopbackAddresses(1).get(0),
          "peanutcache.node.name=node-1", "peanutcache.etcd.endpoints=" + ETCD.endpoint(),
          "peanutcache.cluster=health", "peanutcache.etcd.lease-ttl=2s");

  @Test
  void isDownOnlyWhileEtcdHasBeenMissedLongerThanTheRegistrationLasts() {
    runner.run(context -> {
      PeanutCacheHealthIndicator health = context.getBean(PeanutCacheHealthIndicator.class);
      assertThat(health.health().getStatus()).isEqualTo(Status.UP);
      assertThat(health.health().getDetails()).containsEntry("node", "node-1").containsKey("members");

      ETCD.stop();
      Health missed = await(health, h -> h.getDetails().containsKey("etcdUnreachableSince"));
      assertThat(missed.getStatus()).as("within the registration's 2 s: %s", missed).isEqualTo(Status.UP);
      Health lost = await(health, h -> h.getStatus().equals(Status.DOWN));
      assertThat(lost.getDetails().get("reason").toString()).contains("etcd has been unreachable", "PT2S");

      ETCD.restart();
      Health back = await(health, h -> h.getStatus().equals(Status.UP));
      assertThat(back.getDetails()).doesNotContainKey("etcdUnreachableSince");
    });
  }

  private static Health await(PeanutCacheHealthIndicator indicator, Predicate<Health> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Health health = indicator.health();
    while (!wanted.test(health)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the health never became what was awaited: " + health);
      }
      Thread.sleep(50);
      health = indicator.health();
    }
    return health;
  }
}
