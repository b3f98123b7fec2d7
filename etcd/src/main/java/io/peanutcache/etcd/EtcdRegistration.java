package io.peanutcache.etcd;

import static io.peanutcache.etcd.EtcdCalls.CALL_TIMEOUT;
import static io.peanutcache.etcd.EtcdCalls.RETRY_MILLIS;
import static io.peanutcache.etcd.EtcdCalls.await;
import static io.peanutcache.etcd.EtcdCalls.bytes;
import static io.peanutcache.etcd.EtcdCalls.describe;
import static io.peanutcache.etcd.EtcdCalls.string;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import io.peanutcache.settings.EtcdSettings;
import io.peanutcache.settings.NodeSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * This node's registration in etcd: its key {@code <prefix>/members/<name>} = its
 * {@link MemberRecord}, under a lease kept alive, and made again when it can no longer be kept.
 *
 * <p>{@link #register} puts the key under a new lease only if no live node holds the name (a key
 * that holds no live member, as {@link MemberEntry} judges, is replaced; a key of this run's own,
 * still under a lease it lost, moves to the new lease), and keeps the lease alive; a lease it
 * granted but could not use it revokes at once. When the keep-alive breaks, etcd says the lease
 * expired, or the watch or a read sees the key deleted or holding anything but this registration,
 * the registration stops its keep-alive and, on the retry thread, takes the lease up
 * again if etcd still holds it and the key under it (after a broken keep-alive only), or registers
 * with a new lease; then it has the watch read the members afresh. It retries until that is done
 * or the membership closes: after a lease's TTL when the name is taken, else after
 * {@value EtcdCalls#RETRY_MILLIS} ms. {@link #close} stops the keep-alive and {@link #revoke}
 * revokes the lease, so the others see this node leave at once.
 *
 * <p>Threads: {@code register} runs first on the joining thread, then on the membership's retry
 * thread, where every registration made again runs, one at a time. The keep-alive ({@link
 * EtcdKeepAlive}) sends from the membership's timer thread, and its outcome comes on the etcd
 * client's threads; so does {@link #keySeen}, which the watch (or a read, on its
 * thread) calls holding the lock; both hand the work to the retry thread. The state below is
 * guarded by the membership's one lock, shared with the watch, so that a lease lost, a key
 * deleted and a close are seen by both in one order.
 */
final class EtcdRegistration {

  /** The membership's logger: one name to configure for everything the membership logs. */
  private static final System.Logger LOG = System.getLogger(EtcdMembership.class.getName());

  private final EtcdSettings settings;
  private final String selfName;
  private final MemberRecord self;
  private final Client client;
  private final KV kv;
  private final ByteSequence selfKey;
  /** The membership's one retry thread, shared with the watch. */
  private final ScheduledExecutorService retries;
  /** The membership's timer thread, which keeps the lease alive; never blocks. */
  private final ScheduledExecutorService timer;
  /** Reads the members again once this node is registered again, and hears that etcd is missed. */
  private final EtcdMembersWatch watch;

  /** The membership's one lock, shared with the watch; guards the fields below. */
  private final Object lock;
  private long leaseId; // guarded by lock
  private EtcdKeepAlive keepAlive; // guarded by lock
  private boolean registered; // guarded by lock
  /** The revision at which this node's key took the value of this registration. */
  private long registeredAt; // guarded by lock
  /** Set once by {@link #close}, holding the lock; read without it by the retry thread. */
  private volatile boolean closed;

  EtcdRegistration(EtcdSettings settings, String selfName, MemberRecord self, Client client,
      Object lock, ScheduledExecutorService retries, ScheduledExecutorService timer, EtcdMembersWatch watch) {
    this.settings = settings;
    this.selfName = selfName;
    this.self = self;
    this.client = client;
    this.kv = client.getKVClient();
    this.selfKey = bytes(settings.memberKey(selfName));
    this.lock = lock;
    this.retries = retries;
    this.timer = timer;
    this.watch = watch;
  }

  /** The lease this node's registration lives under, 0 while it has none. */
  long leaseId() {
    synchronized (lock) {
      return registered ? leaseId : 0;
    }
  }

  /** Whether this node's key is registered and its lease kept alive. Call holding the lock. */
  boolean registered() {
    return registered;
  }

  /**
   * Puts this node's key under a new lease, unless another live node holds the name. A key of
   * this name that holds no live member ({@link MemberEntry}: garbage, no lease, no address) is
   * absent to every node, so the registration takes its place and logs that it did; a key of this
   * run's own, still under a lease it lost, moves to the new lease. If the registration is not
   * made, the new lease is revoked before this returns.
   *
   * @param grantTimeout how long the lease's grant, the first call, may take
   */
  void register(Duration grantTimeout)
      throws NameTakenException, ExecutionException, TimeoutException, InterruptedException {
    long lease = await(client.getLeaseClient().grant(settings.leaseTtl().getSeconds()),
        grantTimeout).getID();
    boolean kept = false;
    try {
      long revision = putUnderLease(lease);
      keepAlive(lease, revision);
      kept = true;
    } finally {
      if (!kept) {
        revokeQuietly(lease);
      }
    }
  }

  /**
   * Puts this node's key under {@code lease} if no live node holds the name.
   *
   * @return the revision of the put
   */
  private long putUnderLease(long lease)
      throws NameTakenException, ExecutionException, TimeoutException, InterruptedException {
    ByteSequence value = bytes(self.toJson());
    PutOption underLease = PutOption.builder().withLeaseId(lease).build();
    TxnResponse created = await(kv.txn()
        .If(new Cmp(selfKey, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
        .Then(Op.put(selfKey, value, underLease))
        .Else(Op.get(selfKey, GetOption.DEFAULT))
        .commit());
    if (created.isSucceeded()) {
      return created.getHeader().getRevision();
    }
    List<KeyValue> existing = created.getGetResponses().isEmpty() ? List.of()
        : created.getGetResponses().get(0).getKvs();
    if (existing.isEmpty()) {
      throw new ExecutionException("the key " + settings.memberKey(selfName) + " went while it was read", null);
    }
    KeyValue holder = existing.get(0);
    MemberEntry held = MemberEntry.of(holder, settings.membersPrefix());
    boolean ours = held.record().map(r -> r.instance().equals(self.instance())).orElse(false);
    if (held.present() && !ours) {
      throw new NameTakenException("node name " + selfName + " is taken in cluster "
          + settings.cluster() + ": another live node is registered as " + settings.memberKey(selfName)
          + " = " + string(holder.getValue()) + "; allowed: a " + NodeSettings.NODE_NAME_PROPERTY
          + " that no live node of the cluster uses (the name frees itself when that node stops, "
          + "or " + settings.leaseTtl().getSeconds() + "s after it dies)");
    }
    // this run's own key, still under a lease it lost, or a key that holds no member: take its place
    TxnResponse replaced = await(kv.txn()
        .If(new Cmp(selfKey, Cmp.Op.EQUAL, CmpTarget.modRevision(holder.getModRevision())))
        .Then(Op.put(selfKey, value, underLease))
        .commit());
    if (!replaced.isSucceeded()) {
      throw new ExecutionException("the key " + settings.memberKey(selfName) + " changed while it was replaced",
          null);
    }
    if (!held.present()) {
      LOG.log(System.Logger.Level.WARNING, "node {0} registers in etcd in place of {1}, which held no member: {2}",
          selfName, held.key(), held.problem());
    }
    return replaced.getHeader().getRevision();
  }

  /**
   * Keeps {@code lease} alive from now on, as this node's registration.
   *
   * @param revision the revision at which this node's key took its present value
   */
  private void keepAlive(long lease, long revision) {
    EtcdKeepAlive kept = EtcdKeepAlive.start(client.getLeaseClient(), lease, settings.leaseTtl(), timer,
        new KeepAliveOutcome(lease));
    synchronized (lock) {
      leaseId = lease;
      keepAlive = kept;
      registered = true;
      registeredAt = revision;
    }
  }

  /**
   * Takes up the lease whose keep-alive broke, if etcd still holds it and this node's key under it
   * (only this node puts keys under its lease): etcd keeps leases while it is away and extends
   * them when it returns, so a node that reaches it again in time keeps its registration, and the
   * others never see it leave.
   *
   * @param lease the lease, or 0 when there is none to take up
   * @return whether the lease was taken up; false if there was none, it expired or the key went
   */
  private boolean resumeBrokenLease(long lease) throws ExecutionException, TimeoutException, InterruptedException {
    if (lease == 0 || await(client.getLeaseClient().timeToLive(lease, LeaseOption.DEFAULT)).getTTL() <= 0) {
      return false;
    }
    List<KeyValue> registration = await(kv.get(selfKey, GetOption.DEFAULT)).getKvs();
    if (registration.isEmpty() || registration.get(0).getLease() != lease || !ours(registration.get(0))) {
      return false;
    }
    keepAlive(lease, registration.get(0).getModRevision());
    return true;
  }

  /** What ends the keep-alive of one lease; then the registration must be made again. */
  private final class KeepAliveOutcome implements EtcdKeepAlive.Outcome {
    private final long lease;

    KeepAliveOutcome(long lease) {
      this.lease = lease;
    }

    @Override
    public void expired() {
      leaseLost(lease, false, "etcd says the lease has expired");
    }

    @Override
    public void broken(Throwable why) {
      leaseLost(lease, true, "its keep-alive failed: " + describe(why));
    }
  }

  /** Whether {@code entry}, this node's key, holds this run's registration as it wrote it. */
  private boolean ours(KeyValue entry) {
    MemberEntry judged = MemberEntry.of(entry, settings.membersPrefix());
    return judged.present() && judged.record().orElseThrow().equals(self);
  }

  /**
   * The watch or a read saw this node's key at {@code revision}: deleted, or holding {@code now}.
   * Unless it still holds this registration, or the registration is already lost, closed or newer
   * than that, has the retry thread make it again. Call holding the lock.
   *
   * @param now what the key holds, null if it was deleted
   * @param revision the revision of the deletion, the put or the read
   */
  void keySeen(MemberEntry now, long revision) {
    if (!registered || closed || revision < registeredAt) {
      return;
    }
    if (now != null && now.present() && now.lease() == leaseId && now.record().orElseThrow().equals(self)) {
      return;
    }
    String why = now == null ? "its key was deleted"
        : "its key was overwritten" + (now.present() ? " by another record" : ": " + now.problem());
    long lease = leaseId;
    try {
      retries.execute(() -> leaseLost(lease, false, why));
    } catch (RejectedExecutionException closing) {
      // the membership is closing: nothing to register again
    }
  }

  /**
   * The registration under {@code lease} can no longer be kept alive as it was.
   *
   * @param mayLive whether etcd may still hold the lease (the keep-alive stream broke), as opposed
   *     to etcd saying it expired or this node's key going
   */
  private void leaseLost(long lease, boolean mayLive, String why) {
    synchronized (lock) {
      if (closed || !registered || leaseId != lease) {
        return;
      }
      registered = false;
      if (keepAlive != null) {
        keepAlive.close();
        keepAlive = null;
      }
    }
    LOG.log(System.Logger.Level.WARNING, "node {0} cannot keep its etcd lease alive ({1}); it keeps serving "
        + "with the view of epoch {2} and {3}", selfName, why, watch.view().epoch(),
        mayLive ? "takes the lease up again when etcd answers, or registers again" : "registers again");
    long broken = mayLive ? lease : 0;
    retries.execute(() -> {
      if (!mayLive) {
        revokeQuietly(lease); // expired, or no longer this node's key: nothing is to live under it
      }
      registerAgain(broken);
    });
  }

  /**
   * Registers this node again, taking up {@code broken} if etcd still holds it; retries until it
   * is done or the membership closes.
   *
   * @param broken the lease whose keep-alive broke, 0 if none may be taken up
   */
  private void registerAgain(long broken) {
    if (closed) {
      return;
    }
    try {
      if (resumeBrokenLease(broken)) {
        LOG.log(System.Logger.Level.INFO, "node {0} keeps its etcd lease: etcd answers again and still holds it",
            selfName);
      } else {
        register(CALL_TIMEOUT);
        LOG.log(System.Logger.Level.INFO, "node {0} registered again in etcd with a new lease", selfName);
      }
      watch.resync();
    } catch (NameTakenException e) {
      LOG.log(System.Logger.Level.ERROR, e.getMessage());
      retries.schedule(() -> registerAgain(broken), settings.leaseTtl().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      watch.unreachable(e);
      retries.schedule(() -> registerAgain(broken), RETRY_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops keeping the lease alive, for good. Call holding the lock, then {@link #revoke} the lease
   * it returns.
   *
   * @return the lease this node was registered under, 0 if it was not
   */
  long close() {
    closed = true;
    long lease = registered ? leaseId : 0;
    registered = false;
    if (keepAlive != null) {
      keepAlive.close();
    }
    return lease;
  }

  /** Revokes a lease no registration uses, waiting for etcd at most {@link EtcdCalls#CALL_TIMEOUT}. */
  private void revokeQuietly(long lease) {
    try {
      client.getLeaseClient().revoke(lease).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(System.Logger.Level.DEBUG, "node {0} could not revoke the unused etcd lease {1} ({2}); it expires "
          + "within {3} s", selfName, lease, describe(e), settings.leaseTtl().getSeconds());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Revokes {@code lease}, so the others see this node leave now rather than when it expires; waits
   * for etcd at most {@link EtcdCalls#CALL_TIMEOUT}, and logs that it could not otherwise.
   *
   * @param lease the lease {@link #close} returned, 0 for none
   */
  void revoke(long lease) {
    if (lease != 0) {
      try {
        client.getLeaseClient().revoke(lease).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        LOG.log(System.Logger.Level.WARNING, "node {0} could not revoke its etcd lease ({1}); the others "
            + "see it leave when the lease expires", selfName, describe(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Another live node holds this node's name. */
  static final class NameTakenException extends Exception {
    private static final long serialVersionUID = 1L;

    NameTakenException(String message) {
      super(message);
    }
  }
}
