package io.peanutcache.cluster.etcd;

import static io.peanutcache.cluster.etcd.EtcdCalls.RETRY_MILLIS;
import static io.peanutcache.cluster.etcd.EtcdCalls.await;
import static io.peanutcache.cluster.etcd.EtcdCalls.bytes;
import static io.peanutcache.cluster.etcd.EtcdCalls.describe;
import static io.peanutcache.cluster.etcd.EtcdCalls.string;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.membership.MembershipView;
import io.peanutcache.settings.EtcdSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The watch that turns the members registered in etcd into this node's membership views, and
 * keeps track of whether etcd answers.
 *
 * <p>{@link #resync} reads every member under {@code <prefix>/members/} and watches that prefix
 * from the revision after the read; each read and each batch of watch events makes a view whose
 * epoch is the etcd revision it reflects, if that is newer than the last. This node is in every
 * view. A watch that breaks is opened again after a fresh read, on the retry thread, until that
 * succeeds or the membership closes. While etcd does not answer, the last view stays, the first
 * failure is logged, and {@link #unreachableSince} says since when; the next read that succeeds
 * logs that etcd answers again. A watch event that deletes this node's own key runs the
 * {@code selfDeleted} action given to the constructor, holding the lock.
 *
 * <p>Threads: {@code resync} runs on the joining thread, then on the membership's retry thread
 * (after the registration is made again, or the watch broke); the watch's callbacks run on the
 * etcd client's threads; {@link #refresh} and the readers of the view run on any thread. The state
 * below is guarded by the membership's one lock, shared with the registration, which also orders
 * the views: the listeners are called holding it, one view at a time, in the order of their epochs.
 */
final class EtcdMembersWatch {

  /** The membership's logger: one name to configure for everything the membership logs. */
  private static final System.Logger LOG = System.getLogger(EtcdMembership.class.getName());

  private final EtcdSettings settings;
  private final String selfName;
  private final String selfAddress;
  private final Client client;
  private final KV kv;
  private final ByteSequence membersPrefix;
  /** The membership's one retry thread, shared with the registration. */
  private final ScheduledExecutorService retries;
  /** What to do when a watch event deletes this node's key; run holding the lock. */
  private final Runnable selfDeleted;
  private final List<Consumer<MembershipView>> listeners = new CopyOnWriteArrayList<>();

  /** The membership's one lock, shared with the registration; guards the fields below. */
  private final Object lock;
  private Map<String, Member> members = Map.of(); // guarded by lock
  private long epoch; // guarded by lock
  private Watch.Watcher watcher; // guarded by lock
  private boolean resyncScheduled; // guarded by lock
  private boolean etcdUnreachableLogged; // guarded by lock
  /** When etcd was first missed, while it is; null while it answers. Written holding the lock. */
  private volatile Instant unreachableSince;
  /** The last view; written holding the lock, read without it. */
  private volatile MembershipView view;
  /** Set once by {@link #close}, holding the lock; read without it by the retry thread. */
  private volatile boolean closed;

  /**
   * @param selfDeleted what to do when a watch event deletes this node's key; run holding
   *     {@code lock}, on the etcd client's thread
   */
  EtcdMembersWatch(EtcdSettings settings, String selfName, String selfAddress, Client client,
      Object lock, ScheduledExecutorService retries, Runnable selfDeleted) {
    this.settings = settings;
    this.selfName = selfName;
    this.selfAddress = selfAddress;
    this.client = client;
    this.kv = client.getKVClient();
    this.membersPrefix = bytes(settings.membersPrefix());
    this.lock = lock;
    this.retries = retries;
    this.selfDeleted = selfDeleted;
    this.view = new MembershipView(0, List.of(new Member(selfName, selfAddress)));
  }

  MembershipView view() {
    return view;
  }

  void onChange(Consumer<MembershipView> listener) {
    listeners.add(listener);
  }

  /** Reads the members now; keeps the last view if etcd does not answer in time. */
  void refresh() {
    try {
      read();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads the members afresh and watches from the revision after that read. */
  void resync() throws ExecutionException, TimeoutException, InterruptedException {
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
      if (selfDeleted) {
        this.selfDeleted.run();
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
    withSelf.putIfAbsent(selfName, new Member(selfName, selfAddress));
    members = Map.copyOf(withSelf);
    epoch = revision;
    MembershipView next = new MembershipView(revision, new ArrayList<>(withSelf.values()));
    view = next;
    for (Consumer<MembershipView> listener : listeners) {
      listener.accept(next);
    }
  }

  /** Whether etcd is missed: a watch to open again, or a failure not yet followed by an answer. Call holding the lock. */
  boolean missed() {
    return resyncScheduled || etcdUnreachableLogged;
  }

  Optional<Instant> unreachableSince() {
    return Optional.ofNullable(unreachableSince);
  }

  /** Notes that etcd did not answer, and logs it the first time until it answers again. */
  void unreachable(Exception e) {
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

  /** Stops watching; nothing is read or watched again. Call holding the lock. */
  void close() {
    closed = true;
    if (watcher != null) {
      watcher.close();
    }
  }
}
