package io.peanutcache.cluster.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.support.CloseableClient;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.grpc.stub.StreamObserver;
import io.peanutcache.settings.EtcdSettings;
import io.peanutcache.threads.DaemonThreads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.cache.CacheException;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.membership.Membership;
import io.peanutcache.cluster.membership.MembershipView;

/**
 * The membership of a cluster registered in etcd.
 *
 * <p>A node puts {@code <prefix>/members/<name>} = its {@link MemberRecord} under a lease it keeps
 * alive, only if no live node holds that name; it then reads every member and watches the members'
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
 */
public final class EtcdMembership implements Membership {

  private static final System.Logger LOG = System.getLogger(EtcdMembership.class.getName());

  /** How long one call to etcd may take before it counts as a failure. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

  /**
   * How long the first call of a joining node may take: it also connects, and in a JVM that has
   * just started (loading the client's classes, on a busy machine) that alone can take seconds.
   */
  private static final Duration FIRST_CALL_TIMEOUT = Duration.ofSeconds(15);

  /** How long to wait before asking an unreachable etcd again. */
  private static final long RETRY_MILLIS = 250;

  private final EtcdSettings settings;
  private final String selfName;
  private final MemberRecord self;
  private final Client client;
  private final KV kv;
  private final ByteSequence membersPrefix;
  private final ByteSequence selfKey;
  private final ScheduledExecutorService retries;
  private final EtcdChannel channel = new EtcdChannel();
  /** Asks the channel to connect again while etcd is missed; apart from the blocking retries. */
  private final ScheduledExecutorService reconnects;
  private final List<Consumer<MembershipView>> listeners = new CopyOnWriteArrayList<>();

  /** Guards the fields below and orders the views. */
  private final Object lock = new Object();
  private Map<String, Member> members = Map.of();
  private long epoch;
  private long leaseId;
  private CloseableClient keepAlive;
  private Watch.Watcher watcher;
  private boolean registered;
  private boolean resyncScheduled;
  private boolean etcdUnreachableLogged;
  /** When etcd was first missed, while it is; null while it answers. */
  private volatile Instant unreachableSince;

  private volatile MembershipView view;
  private volatile boolean closed;

  private EtcdMembership(EtcdSettings settings, String selfName, String address) {
    this.settings = settings;
    this.selfName = selfName;
    this.self = new MemberRecord(address, ProviderVersion.current(), Instant.now(), UUID.randomUUID().toString());
    this.client = Client.builder().endpoints(settings.endpoints())
        // retry soon after etcd returns: this node's lease runs out a TTL after that
        .retryDelay(100).retryMaxDelay(500).retryChronoUnit(ChronoUnit.MILLIS)
        .keepaliveTime(Duration.ofSeconds(2)).keepaliveTimeout(Duration.ofSeconds(1))
        .interceptor(channel)
        .build();
    this.kv = client.getKVClient();
    this.membersPrefix = bytes(settings.membersPrefix());
    this.selfKey = bytes(settings.memberKey(selfName));
    this.retries = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("peanutcache-etcd-" + selfName));
    this.reconnects = Executors.newSingleThreadScheduledExecutor(
        new DaemonThreads("peanutcache-etcd-reconnect-" + selfName));
    reconnects.scheduleWithFixedDelay(this::reconnectWhileMissed, RETRY_MILLIS, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    this.view = new MembershipView(0, List.of(new Member(selfName, address)));
  }

  /**
   * Registers this node in etcd and reads the members.
   *
   * @param settings where etcd is and the cluster's prefix
   * @param selfName this node's name, unique among the live nodes of the cluster
   * @param address the {@code host:port} peers reach this node at
   * @return the membership, with this node registered and a first view read
   * @throws CacheException if etcd cannot be reached, or another live node has this name
   */
  public static EtcdMembership join(EtcdSettings settings, String selfName, String address) {
    EtcdMembership membership = new EtcdMembership(settings, selfName, address);
    try {
      membership.register(FIRST_CALL_TIMEOUT);
      membership.resync();
    } catch (NameTakenException e) {
      membership.close();
      throw new CacheException(e.getMessage());
    } catch (RuntimeException | ExecutionException | TimeoutException e) {
      membership.close();
      throw new CacheException("node " + selfName + " cannot join cluster " + settings.cluster()
          + " through etcd at " + settings.endpoints() + ": " + describe(e) + "; allowed: the client "
          + "URLs of a reachable etcd in " + EtcdSettings.ENDPOINTS_PROPERTY, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      membership.close();
      throw new CacheException("node " + selfName + " was interrupted while joining through etcd", e);
    }
    return membership;
  }

  @Override
  public MembershipView view() {
    return view;
  }

  @Override
  public void onChange(Consumer<MembershipView> listener) {
    listeners.add(listener);
  }

  /** Reads the members now; keeps the last view if etcd does not answer in time. */
  @Override
  public void refresh() {
    try {
      read();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The etcd client this membership talks through, shared with the catalog of cache definitions;
   * closed with the membership.
   *
   * @return the client
   */
  public Client client() {
    return client;
  }

  /** The lease this node's registration lives under, 0 while it has none. */
  long leaseId() {
    synchronized (lock) {
      return registered ? leaseId : 0;
    }
  }

  // ---------------------------------------------------------------- registration

  /**
   * Puts this node's key under a new lease, unless another live node holds the name.
   *
   * @param grantTimeout how long the lease's grant, the first call, may take
   */
  private void register(Duration grantTimeout)
      throws NameTakenException, ExecutionException, TimeoutException, InterruptedException {
    long lease = await(client.getLeaseClient().grant(settings.leaseTtl().getSeconds()),
        grantTimeout).getID();
    ByteSequence value = bytes(self.toJson());
    PutOption underLease = PutOption.builder().withLeaseId(lease).build();
    TxnResponse created = await(kv.txn()
        .If(new Cmp(selfKey, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
        .Then(Op.put(selfKey, value, underLease))
        .Else(Op.get(selfKey, GetOption.DEFAULT))
        .commit());
    if (!created.isSucceeded()) {
      List<KeyValue> existing = created.getGetResponses().isEmpty() ? List.of()
          : created.getGetResponses().get(0).getKvs();
      String holder = existing.isEmpty() ? "" : string(existing.get(0).getValue());
      boolean ours = MemberRecord.parse(holder).map(r -> r.instance().equals(self.instance())).orElse(false);
      // this run's own key, still under the lease it lost: move it to the new lease
      boolean movedToNewLease = ours && await(kv.txn()
          .If(new Cmp(selfKey, Cmp.Op.EQUAL, CmpTarget.value(existing.get(0).getValue())))
          .Then(Op.put(selfKey, value, underLease))
          .commit()).isSucceeded();
      if (!movedToNewLease) {
        client.getLeaseClient().revoke(lease);
        throw new NameTakenException("node name " + selfName + " is taken in cluster "
            + settings.cluster() + ": another live node is registered as " + settings.memberKey(selfName)
            + " = " + holder + "; allowed: a " + io.peanutcache.settings.NodeSettings.NODE_NAME_PROPERTY
            + " that no live node of the cluster uses (the name frees itself when that node stops, "
            + "or " + settings.leaseTtl().getSeconds() + "s after it dies)");
      }
    }
    keepAlive(lease);
  }

  /** Keeps {@code lease} alive from now on, as this node's registration. */
  private void keepAlive(long lease) {
    CloseableClient stream = client.getLeaseClient().keepAlive(lease, new KeepAliveObserver(lease));
    synchronized (lock) {
      leaseId = lease;
      keepAlive = stream;
      registered = true;
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
    if (registration.isEmpty() || registration.get(0).getLease() != lease) {
      return false;
    }
    keepAlive(lease);
    return true;
  }

  /** The keep-alive stream of one lease; when it ends, the registration must be made again. */
  private final class KeepAliveObserver implements StreamObserver<LeaseKeepAliveResponse> {
    private final long lease;

    KeepAliveObserver(long lease) {
      this.lease = lease;
    }

    @Override
    public void onNext(LeaseKeepAliveResponse response) {
      if (response.getTTL() <= 0) {
        leaseLost(lease, false, "etcd says the lease has expired");
      }
    }

    @Override
    public void onError(Throwable failure) {
      leaseLost(lease, true, "its keep-alive failed: " + describe(failure));
    }

    @Override
    public void onCompleted() {
      leaseLost(lease, true, "its keep-alive stream ended");
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
        + "with the view of epoch {2} and {3}", selfName, why, view.epoch(),
        mayLive ? "takes the lease up again when etcd answers, or registers again" : "registers again");
    long broken = mayLive ? lease : 0;
    retries.execute(() -> registerAgain(broken));
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
      resync();
    } catch (NameTakenException e) {
      LOG.log(System.Logger.Level.ERROR, e.getMessage());
      retries.schedule(() -> registerAgain(broken), settings.leaseTtl().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      unreachable(e);
      retries.schedule(() -> registerAgain(broken), RETRY_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- the view

  /** Reads the members afresh and watches from the revision after that read. */
  private void resync() throws ExecutionException, TimeoutException, InterruptedException {
    long revision = read();
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (watcher != null) {
        watcher.close();
      }
      watcher = client.getWatchClient().watch(membersPrefix,
          WatchOption.builder().isPrefix(true).withRevision(revision + 1).build(),
          Watch.listener(this::onWatch, this::onWatchFailure, () -> onWatchFailure(null)));
    }
  }

  /** Reads every member; returns the revision the read reflects. */
  private long read() throws ExecutionException, TimeoutException, InterruptedException {
    GetResponse response = await(kv.get(membersPrefix, GetOption.builder().isPrefix(true).build()));
    Map<String, Member> found = new HashMap<>();
    for (KeyValue entry : response.getKvs()) {
      member(entry).ifPresent(member -> found.put(member.name(), member));
    }
    long revision = response.getHeader().getRevision();
    synchronized (lock) {
      if (etcdUnreachableLogged) {
        etcdUnreachableLogged = false;
        unreachableSince = null;
        LOG.log(System.Logger.Level.INFO, "node {0} reaches etcd again", selfName);
      }
      apply(revision, found);
    }
    return revision;
  }

  private void onWatch(WatchResponse response) {
    synchronized (lock) {
      long revision = epoch;
      Map<String, Member> next = new HashMap<>(members);
      boolean selfDeleted = false;
      for (WatchEvent event : response.getEvents()) {
        KeyValue entry = event.getKeyValue();
        if (entry.getModRevision() <= epoch) {
          continue; // a read at a later revision already holds this change
        }
        revision = Math.max(revision, entry.getModRevision());
        String name = name(entry);
        if (event.getEventType() == WatchEvent.EventType.DELETE) {
          next.remove(name);
          selfDeleted |= name.equals(selfName);
        } else if (event.getEventType() == WatchEvent.EventType.PUT) {
          member(entry).ifPresent(member -> next.put(member.name(), member));
        }
      }
      apply(revision, next);
      if (selfDeleted && registered && !closed) {
        retries.execute(() -> leaseLost(leaseId(), false, "its key was deleted"));
      }
    }
  }

  private void onWatchFailure(Throwable failure) {
    synchronized (lock) {
      if (closed || resyncScheduled) {
        return;
      }
      resyncScheduled = true;
    }
    if (failure != null) {
      LOG.log(System.Logger.Level.DEBUG, "the etcd watch of node {0} broke: {1}", selfName, describe(failure));
    }
    retries.schedule(this::resyncUntilDone, RETRY_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void resyncUntilDone() {
    synchronized (lock) {
      resyncScheduled = false;
    }
    if (closed) {
      return;
    }
    try {
      resync();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      unreachable(e);
      onWatchFailure(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Makes the members at {@code revision} the view, if that is newer. Call holding the lock. */
  private void apply(long revision, Map<String, Member> found) {
    if (revision <= epoch) {
      return;
    }
    Map<String, Member> withSelf = new HashMap<>(found);
    withSelf.putIfAbsent(selfName, new Member(selfName, self.address()));
    members = Map.copyOf(withSelf);
    epoch = revision;
    MembershipView next = new MembershipView(revision, new ArrayList<>(withSelf.values()));
    view = next;
    for (Consumer<MembershipView> listener : listeners) {
      listener.accept(next);
    }
  }

  /** While etcd is missed (a lease or a watch to take up again), has the channel connect now. */
  private void reconnectWhileMissed() {
    boolean missed;
    synchronized (lock) {
      missed = !closed && (!registered || resyncScheduled || etcdUnreachableLogged);
    }
    if (missed) {
      channel.reconnectNow();
    }
  }

  @Override
  public Optional<Instant> unreachableSince() {
    return Optional.ofNullable(unreachableSince);
  }

  private void unreachable(Exception e) {
    synchronized (lock) {
      if (etcdUnreachableLogged || closed) {
        return;
      }
      etcdUnreachableLogged = true;
      unreachableSince = Instant.now();
    }
    LOG.log(System.Logger.Level.WARNING, "node {0} cannot reach etcd at {1} ({2}); it keeps serving "
        + "with the view of epoch {3}", selfName, settings.endpoints(), describe(e), view.epoch());
  }

  private Optional<Member> member(KeyValue entry) {
    String name = name(entry);
    Optional<MemberRecord> record = MemberRecord.parse(string(entry.getValue()));
    if (record.isEmpty() || name.isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "ignoring {0} in etcd: not a PeanutCache member record ({1})",
          string(entry.getKey()), string(entry.getValue()));
      return Optional.empty();
    }
    return Optional.of(new Member(name, record.get().address()));
  }

  private String name(KeyValue entry) {
    return string(entry.getKey()).substring(settings.membersPrefix().length());
  }

  // ---------------------------------------------------------------- closing

  /** Stops watching, stops the keep-alive and revokes the lease, so the others see this node go. */
  @Override
  public void close() {
    long lease;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      lease = registered ? leaseId : 0;
      registered = false;
      if (watcher != null) {
        watcher.close();
      }
      if (keepAlive != null) {
        keepAlive.close();
      }
    }
    retries.shutdownNow();
    reconnects.shutdownNow();
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
    client.close();
  }

  // ---------------------------------------------------------------- helpers

  private static <T> T await(Future<T> call) throws ExecutionException, TimeoutException, InterruptedException {
    return await(call, CALL_TIMEOUT);
  }

  private static <T> T await(Future<T> call, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    try {
      return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new TimeoutException("no answer within " + timeout.toMillis() + " ms");
    }
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }

  private static String string(ByteSequence bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof TimeoutException && cause.getMessage() == null) {
      return "no answer within " + CALL_TIMEOUT.toMillis() + " ms";
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  /** Another live node holds this node's name. */
  private static final class NameTakenException extends Exception {
    private static final long serialVersionUID = 1L;

    NameTakenException(String message) {
      super(message);
    }
  }
}
