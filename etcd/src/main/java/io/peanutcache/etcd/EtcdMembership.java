package io.peanutcache.etcd;

import static io.peanutcache.etcd.EtcdCalls.RETRY_MILLIS;
import static io.peanutcache.etcd.EtcdCalls.await;
import static io.peanutcache.etcd.EtcdCalls.bytes;
import static io.peanutcache.etcd.EtcdCalls.describe;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.peanutcache.etcd.EtcdRegistration.NameTakenException;
import io.peanutcache.cluster.membership.MembershipView;
import io.peanutcache.cluster.registry.RegistryMembership;
import io.peanutcache.settings.EtcdSettings;
import io.peanutcache.threads.DaemonThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.cache.CacheException;

/**
 * The membership of a cluster registered in etcd.
 *
 * <p>A node puts {@code <prefix>/members/<name>} = its {@link MemberRecord} under a lease it keeps
 * alive, only if no live node holds that name (a name held by a node that died frees itself when
 * that node's lease runs out, which a joining node waits for); it then reads every member and watches the members'
 * prefix from the revision after that read. A view's epoch is the etcd revision it reflects, so
 * nodes with the same epoch have the same members and the same partition table. This node is in
 * each of its own views, since it serves whatever the registry says.
 *
 * <p>When etcd cannot be reached the node keeps its last view, logs it once, and retries. When it
 * answers again, the node takes up its lease if etcd still holds it (etcd keeps leases while it is
 * away and extends them when it returns), so that nobody sees the node leave; if the lease expired
 * it registers again with a new one. Either way it reads the members afresh. A watch stream that
 * breaks is opened again from the last revision seen, or after a fresh read when etcd has
 * compacted that revision away. A clean {@link #close} revokes the lease, so the others see this
 * node leave at once.
 *
 * <p>The registration under a lease is an {@link EtcdRegistration}, the watch that makes the views
 * an {@link EtcdMembersWatch}; this class gives them the etcd client, their threads and one lock.
 * That lock guards the state of both, so that a lease lost, a key deleted, a view and a close
 * happen in one order.
 *
 * <p>The client talks TLS to {@code https://} endpoints and calls as the etcd user of the
 * settings ({@link EtcdClients}). A joining node's first call reads the cluster's prefix and fails
 * at once, with a message that names the setting to change, when etcd refuses the node: its
 * certificate, its user or password, or its user's rights on the prefix ({@link EtcdRefusal}).
 * While etcd cannot be reached it tries again, for up to {@link #FIRST_CALL_TIMEOUT}.
 *
 * <p>Threads: {@link #join} makes the first calls on the caller's thread, the first read and the
 * lease's grant each within 15 s ({@link #FIRST_CALL_TIMEOUT}) and every other call within 3 s
 * ({@link EtcdCalls#CALL_TIMEOUT}); one retry thread ({@code peanutcache-etcd-<name>}) registers
 * again and reads again after failures, one task at a time; a timer thread
 * ({@code peanutcache-etcd-timer-<name>}) sends the lease's keep-alives and has the client connect
 * again every {@value EtcdCalls#RETRY_MILLIS} ms while etcd is missed; the client's threads run
 * the keep-alive's and the watch's callbacks. The view's listeners are called holding the lock, on
 * the thread that made the view. Every public method may be called from any thread.
 */
public final class EtcdMembership implements RegistryMembership {

  private static final System.Logger LOG = System.getLogger(EtcdMembership.class.getName());

  /**
   * How long the first call of a joining node may take: it also connects, and in a JVM that has
   * just started (loading the client's classes, on a busy machine) that alone can take seconds.
   */
  private static final Duration FIRST_CALL_TIMEOUT = Duration.ofSeconds(15);

  private final Client client;
  /** Registers again and reads again after failures, one at a time. */
  private final ScheduledExecutorService retries;
  private final EtcdChannel channel;
  /** Makes the calls of the joining node fail at once when etcd refuses its connection. */
  private final EtcdFailFast failFast = new EtcdFailFast();
  /**
   * Keeps the lease alive, and asks the channel to connect again while etcd is missed; apart from
   * the blocking retries, and never blocks itself.
   */
  private final ScheduledExecutorService timer;

  private final EtcdMembersWatch watch;
  private final EtcdRegistration registration;
  /** The cluster's cache definitions, read and written through this membership's client. */
  private final EtcdCatalog catalog;

  /** Guards the state of the registration and the watch, and the field below; orders the views. */
  private final Object lock = new Object();
  private boolean closed; // guarded by lock

  private EtcdMembership(EtcdSettings settings, String selfName, String address) {
    MemberRecord self = new MemberRecord(address, ProviderVersion.current(), Instant.now(), UUID.randomUUID().toString());
    this.channel = EtcdClients.channel(settings);
    this.client = EtcdClients.open(settings, channel, failFast);
    this.retries = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("peanutcache-etcd-" + selfName));
    this.timer = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("peanutcache-etcd-timer-" + selfName));
    this.watch = new EtcdMembersWatch(settings, selfName, address, client, lock, retries, this::selfKeySeen);
    this.registration = new EtcdRegistration(settings, selfName, self, client, lock, retries, timer, watch);
    this.catalog = new EtcdCatalog(client, settings);
    timer.scheduleWithFixedDelay(this::reconnectWhileMissed, RETRY_MILLIS, RETRY_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Registers this node in etcd and reads the members.
   *
   * @param settings where etcd is and the cluster's prefix
   * @param selfName this node's name, unique among the live nodes of the cluster
   * @param address the {@code host:port} peers reach this node at
   * @return the membership, with this node registered and a first view read
   * @throws CacheException if etcd cannot be reached; if it refuses this node (its certificate,
   *     its user or password, its user's rights on the prefix), naming the setting to change; if a
   *     TLS file cannot be used; or if another live node has this name, still after the lease's
   *     TTL and a second (a node that died frees its name within that)
   */
  public static EtcdMembership join(EtcdSettings settings, String selfName, String address) {
    EtcdMembership membership = new EtcdMembership(settings, selfName, address);
    try {
      membership.contact(settings);
      membership.registerOnceNameIsFree(settings, selfName);
      membership.watch.resync();
    } catch (NameTakenException e) {
      membership.close();
      throw new CacheException(e.getMessage() + "; this node waited " + nameWait(settings).toMillis()
          + " ms for it");
    } catch (RuntimeException | ExecutionException | TimeoutException e) {
      membership.close();
      String why = EtcdRefusal.explain(e, settings).orElseGet(() -> describe(e) + "; allowed: the client "
          + "URLs of a reachable etcd in " + EtcdSettings.ENDPOINTS_PROPERTY);
      throw new CacheException("node " + selfName + " cannot join cluster " + settings.cluster()
          + " through etcd at " + settings.endpoints() + ": " + why, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      membership.close();
      throw new CacheException("node " + selfName + " was interrupted while joining through etcd", e);
    }
    return membership;
  }

  /**
   * Registers this node, waiting while another instance holds its name: a node that died keeps it
   * until its lease runs out, at most the lease's TTL after its last keep-alive, so a node started
   * again at once after a crash (a supervisor's restart) starts once that has happened. A name
   * still held after {@link #nameWait} is another live node's.
   *
   * @throws NameTakenException if the name is still held after that
   */
  private void registerOnceNameIsFree(EtcdSettings settings, String selfName)
      throws NameTakenException, ExecutionException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + nameWait(settings).toNanos();
    boolean said = false;
    while (true) {
      try {
        registration.register(FIRST_CALL_TIMEOUT);
        return;
      } catch (NameTakenException e) {
        if (System.nanoTime() - deadline > 0) {
          throw e;
        }
        if (!said) {
          said = true;
          LOG.log(System.Logger.Level.INFO, "node name {0} is held in etcd by another instance; waiting up"
              + " to {1} ms for it to free itself, as it does once the lease of a node that died runs out",
              selfName, nameWait(settings).toMillis());
        }
        Thread.sleep(RETRY_MILLIS);
      }
    }
  }

  /**
   * How long a joining node waits for its name to free itself: the lease's TTL, and a second for
   * etcd to notice that the lease ran out.
   */
  private static Duration nameWait(EtcdSettings settings) {
    return settings.leaseTtl().plusSeconds(1);
  }

  /**
   * Reads how many keys the cluster's prefix holds, until etcd answers: the first call, which
   * connects, and finds out whether etcd lets this node in and lets its user read the prefix. It
   * fails at once when etcd refuses the node, and tries again while etcd cannot be reached, for up
   * to {@link #FIRST_CALL_TIMEOUT}.
   */
  private void contact(EtcdSettings settings) throws ExecutionException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + FIRST_CALL_TIMEOUT.toNanos();
    GetOption countOnly = GetOption.builder().isPrefix(true).withCountOnly(true).build();
    failFast.on();
    try {
      while (true) {
        Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1));
        try {
          await(client.getKVClient().get(bytes(settings.prefix() + "/"), countOnly), left);
          return;
        } catch (ExecutionException e) {
          if (EtcdRefusal.explain(e, settings).isPresent()
              || deadline - System.nanoTime() < TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS)) {
            throw e;
          }
          Thread.sleep(RETRY_MILLIS);
        }
      }
    } finally {
      failFast.off();
    }
  }

  @Override
  public MembershipView view() {
    return watch.view();
  }

  @Override
  public void onChange(Consumer<MembershipView> listener) {
    watch.onChange(listener);
  }

  /** Reads the members now; keeps the last view if etcd does not answer in time. */
  @Override
  public void refresh() {
    watch.refresh();
  }

  @Override
  public EtcdCatalog catalog() {
    return catalog;
  }

  /** The lease this node's registration lives under, 0 while it has none. */
  long leaseId() {
    return registration.leaseId();
  }

  @Override
  public Optional<Instant> unreachableSince() {
    return watch.unreachableSince();
  }

  /** The watch or a read saw this node's key deleted (null) or holding {@code now}; runs holding the lock. */
  private void selfKeySeen(MemberEntry now, long revision) {
    registration.keySeen(now, revision);
  }

  /** While etcd is missed (a lease or a watch to take up again), has the channel connect now. */
  private void reconnectWhileMissed() {
    boolean missed;
    synchronized (lock) {
      missed = !closed && (!registration.registered() || watch.missed());
    }
    if (missed) {
      channel.reconnectNow();
    }
  }

  /** Stops watching, stops the keep-alive and revokes the lease, so the others see this node go. */
  @Override
  public void close() {
    long lease;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      // in one hold of the lock, so that neither half acts on a membership the other sees closed
      watch.close();
      lease = registration.close();
    }
    catalog.close();
    retries.shutdownNow();
    timer.shutdownNow();
    registration.revoke(lease);
    client.close();
    channel.close();
  }
}
