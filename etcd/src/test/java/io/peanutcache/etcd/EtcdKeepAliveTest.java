package io.peanutcache.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.options.LeaseOption;
import io.peanutcache.etcd.testing.EtcdServer;
import io.peanutcache.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node's lease kept alive against a real etcd: it outlives its TTL many times over while kept,
 * runs out once closed, and the keep-alive says so when etcd drops the lease or cannot be reached.
 */
class EtcdKeepAliveTest {

  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  private static final Duration TTL = Duration.ofSeconds(2);
  private static final Duration WITHIN = Duration.ofSeconds(20);

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<String> told = new CopyOnWriteArrayList<>();
  private final EtcdKeepAlive.Outcome outcome = new EtcdKeepAlive.Outcome() {
    @Override
    public void expired() {
      told.add("expired");
    }

    @Override
    public void broken(Throwable why) {
      told.add("broken: " + why);
    }
  };

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  @Test
  void aLeaseKeptAliveOutlivesItsTtlAndRunsOutOnceClosed() throws Exception {
    long lease = grant();
    EtcdKeepAlive keepAlive = EtcdKeepAlive.start(leases(), lease, TTL, timer, outcome);

    Thread.sleep(3 * TTL.toMillis());
    assertTrue(secondsLeft(lease) > 0, "the lease lives three TTLs after its grant");
    assertEquals(List.of(), told);

    keepAlive.close();
    Await.until(WITHIN, () -> secondsLeft(lease) <= 0, () -> "the lease runs out once its keep-alive is closed");
    assertEquals(List.of(), told, "a closed keep-alive tells nothing");
  }

  @Test
  void aLeaseRevokedInEtcdIsToldExpiredOnce() throws Exception {
    long lease = grant();
    EtcdKeepAlive.start(leases(), lease, TTL, timer, outcome);

    leases().revoke(lease).get(10, TimeUnit.SECONDS);

    Await.until(WITHIN, () -> !told.isEmpty(), () -> "the keep-alive tells that the lease is gone");
    Thread.sleep(TTL.toMillis());
    assertEquals(List.of("expired"), told);
  }

  @Test
  void anEtcdThatStopsAnsweringIsToldBrokenOnce() throws Exception {
    long lease = grant();
    EtcdKeepAlive.start(leases(), lease, TTL, timer, outcome);
    ETCD.stop();
    try {
      Await.until(WITHIN, () -> !told.isEmpty(), () -> "the keep-alive tells that etcd is not answering");
      Thread.sleep(TTL.toMillis());
      assertEquals(1, told.size(), told::toString);
      assertTrue(told.get(0).startsWith("broken: "), told::toString);
    } finally {
      ETCD.restart();
    }
  }

  private static Lease leases() {
    return ETCD.admin().getLeaseClient();
  }

  private static long grant() throws Exception {
    return leases().grant(TTL.getSeconds()).get(10, TimeUnit.SECONDS).getID();
  }

  private static long secondsLeft(long lease) {
    try {
      return leases().timeToLive(lease, LeaseOption.DEFAULT).get(10, TimeUnit.SECONDS).getTTL();
    } catch (Exception e) {
      throw new AssertionError("etcd did not say how long lease " + lease + " lives", e);
    }
  }
}
