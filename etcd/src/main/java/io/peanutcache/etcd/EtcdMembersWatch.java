package io.peanutcache.etcd;

import static io.peanutcache.etcd.EtcdCalls.RETRY_MILLIS;
import static io.peanutcache.etcd.EtcdCalls.await;
import static io.peanutcache.etcd.EtcdCalls.bytes;
import static io.peanutcache.etcd.EtcdCalls.describe;
import static io.peanutcache.etcd.EtcdCalls.string;

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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The watch that turns the members registered in etcd into this node's membership views, and
 * keeps track of whether etcd answers.
 *
 * <p>{@link #resync} reads every member under {@code <prefix>/members/} and watches that prefix
 * from the revision after the read; each read and each batch of watch events makes a view whose
 * epoch is the etcd revision it reflects, if that is newer than the last. This node is in every
 * view. A key holds a member only as {@link MemberEntry} says: anything else under the prefix is
 * absent on the read and on the watch alike (a put of garbage over a member's key removes the
 * member), and logged once per key. A watch that breaks is closed, so that the etcd client does
 * not open it again by itself, and opened again after a fresh read, on the retry thread, until
 * that succeeds or the membership closes; so is a watch replaced by a fresh read. Only the
 * current watch's events count. While etcd does not answer, the last view stays, the first
 * failure is logged, and {@link #unreachableSince} says since when; the next read that succeeds
 * logs that etcd answers again. A read or a watch event that makes a view and finds this node's
 * own key deleted or holding something runs the {@code selfSeen} action given to the
 * constructor, holding the lock.
 *
 * <p>Threads: {@code resync} runs on the joining thread, then on the membership's retry thread
 * (after the registration is made again, or the watch broke); the watch's events run on the etcd
 * client's threads, while its failures are handed to the retry thread (the client reports them
 * holding a lock of its own, which the membership's lock must never wait for while held there);
 * {@link #refresh} and the readers of the view run on any thread. The state
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
  /**
   * What to do when a read or a watch event finds this node's key deleted (given null) or holding
   * something (given what), at a revision (given too); run holding the lock.
   */
  private final BiConsumer<MemberEntry, Long> selfSeen;
  /** The keys under the prefix that hold no member, each logged once. */
  private final IgnoredKeys ignored = new IgnoredKeys();
  private final List<Consumer<MembershipView>> listeners = new CopyOnWriteArrayList<>();

  /** The membership's one lock, shared with the registration; guards the fields below. */
  private final Object lock;
  private Map<String, Member> members = Map.of(); // guarded by lock
  private long epoch; // guarded by lock
  private Watch.Watcher watcher; // guarded by lock
  /** The listener of the current watch: events and failures of any other are stale. Written holding the lock. */
  private volatile MembersListener current;
  private boolean resyncScheduled; // guarded by lock
  private boolean etcdUnreachableLogged; // guarded by lock
  /** When etcd was first missed, while it is; null while it answers. Written holding the lock. */
  private volatile Instant unreachableSince;
  /** The last view; written holding the lock, read without it. */
  private volatile MembershipView view;
  /** Set once by {@link #close}, holding the lock; read without it by the retry thread. */
  private volatile boolean closed;

  /**
   * @param selfSeen what to do when a read or a watch event that makes a view finds this node's
   *     key deleted (given null) or holding something (given what), at a revision (given too); run
   *     holding {@code lock}, on the thread of the read or the etcd client's thread
   */
  EtcdMembersWatch(EtcdSettings settings, String selfName, String selfAddress, Client client,
      Object lock, ScheduledExecutorService retries, BiConsumer<MemberEntry, Long> selfSeen) {
    this.settings = settings;
    this.selfName = selfName;
    this.selfAddress = selfAddress;
    this.client = client;
    this.kv = client.getKVClient();
    this.membersPrefix = bytes(settings.membersPrefix());
    this.lock = lock;
    this.retries = retries;
    this.selfSeen = selfSeen;
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

  /**
   * Reads the members afresh and watches from the revision after that read, closing the watch
   * this replaces.
   */
  void resync() throws ExecutionException, TimeoutException, InterruptedException {
    long revision = read();
    Watch.Watcher replaced;
    synchronized (lock) {
      if (closed) {
        return;
      }
      replaced = watcher;
      MembersListener listener = new MembersListener();
      current = listener;
      watcher = client.getWatchClient().watch(membersPrefix,
          WatchOption.builder().isPrefix(true).withRevision(revision + 1).build(), listener);
      resyncScheduled = false;
    }
    if (replaced != null) {
      replaced.close();
    }
  }

  /** Reads every member; returns the revision the read reflects. */
  private long read() throws ExecutionException, TimeoutException, InterruptedException {
    GetResponse response = await(kv.get(membersPrefix, GetOption.builder().isPrefix(true).build()));
    Map<String, Member> found = new HashMap<>();
    List<String> bad = new ArrayList<>();
    MemberEntry self = null;
    for (KeyValue entry : response.getKvs()) {
      MemberEntry judged = judge(entry);
      if (judged.name().equals(selfName)) {
        self = judged;
      }
      if (judged.present()) {
        found.put(judged.name(), judged.member().orElseThrow());
      } else {
        bad.add(judged.key());
      }
    }
    ignored.retainOnly(bad);
    long revision = response.getHeader().getRevision();
    synchronized (lock) {
      if (etcdUnreachableLogged) {
        etcdUnreachableLogged = false;
        unreachableSince = null;
        LOG.log(System.Logger.Level.INFO, "node {0} reaches etcd again", selfName);
      }
      if (apply(revision, found)) {
        selfSeen.accept(self, revision);
      }
    }
    return revision;
  }

  /** The events of one watch; those of a watch that is no longer the current one are dropped. */
  private final class MembersListener implements Watch.Listener {

    @Override
    public void onNext(WatchResponse response) {
      onWatch(this, response);
    }

    @Override
    public void onError(Throwable failure) {
      broke(this, failure);
    }

    @Override
    public void onCompleted() {
      broke(this, null);
    }
  }

  private void onWatch(MembersListener from, WatchResponse response) {
    synchronized (lock) {
      if (closed || from != current) {
        return;
      }
      long revision = epoch;
      Map<String, Member> next = new HashMap<>(members);
      long selfRevision = 0;
      MemberEntry self = null;
      for (WatchEvent event : response.getEvents()) {
        KeyValue entry = event.getKeyValue();
        if (entry.getModRevision() <= epoch) {
          continue; // a read at a later revision already holds this change
        }
        revision = Math.max(revision, entry.getModRevision());
        String name = name(entry);
        if (event.getEventType() == WatchEvent.EventType.DELETE) {
          next.remove(name);
          ignored.forget(string(entry.getKey()));
          if (name.equals(selfName)) {
            selfRevision = entry.getModRevision();
            self = null;
          }
        } else if (event.getEventType() == WatchEvent.EventType.PUT) {
          MemberEntry judged = judge(entry);
          // a put of something that is no member removes the member the key held
          judged.member().ifPresentOrElse(member -> next.put(name, member), () -> next.remove(name));
          if (name.equals(selfName)) {
            selfRevision = entry.getModRevision();
            self = judged;
          }
        }
      }
      apply(revision, next);
      if (selfRevision > 0) {
        selfSeen.accept(self, selfRevision);
      }
    }
  }

  /**
   * A watch ended or failed. Runs on the etcd client's thread, which may hold the client's own
   * lock: takes no lock, and hands the work to the retry thread.
   */
  private void broke(MembersListener from, Throwable failure) {
    if (closed || from != current) {
      return; // a watch this one replaced, closed by the resync that replaced it
    }
    try {
      retries.execute(() -> closeBroken(from, failure));
    } catch (RejectedExecutionException closing) {
      // the membership is closing: nothing to watch again
    }
  }

  /** Closes the watch that broke, if it is still the current one, and reads and watches again. */
  private void closeBroken(MembersListener from, Throwable failure) {
    Watch.Watcher broken;
    synchronized (lock) {
      if (closed || from != current) {
        return;
      }
      broken = watcher;
      watcher = null;
      current = null;
    }
    // else the etcd client opens it again by itself, beside the one the resync opens
    if (broken != null) {
      broken.close();
    }
    if (failure != null) {
      LOG.log(System.Logger.Level.DEBUG, "the etcd watch of node {0} broke: {1}", selfName, describe(failure));
    }
    scheduleResync();
  }

  /** Has the retry thread read and watch again soon, unless that is scheduled already. */
  private void scheduleResync() {
    synchronized (lock) {
      if (closed || resyncScheduled) {
        return;
      }
      resyncScheduled = true;
    }
    try {
      retries.schedule(this::resyncUntilDone, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // the membership is closing: nothing to watch again
    }
  }

  private void resyncUntilDone() {
    if (closed) {
      return;
    }
    try {
      resync();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      unreachable(e);
      synchronized (lock) {
        resyncScheduled = false;
      }
      scheduleResync();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Makes the members at {@code revision} the view, if that is newer. Call holding the lock.
   *
   * @return whether it was newer
   */
  private boolean apply(long revision, Map<String, Member> found) {
    if (revision <= epoch) {
      return false;
    }
    Map<String, Member> withSelf = new HashMap<>(found);
    withSelf.putIfAbsent(selfName, new Member(selfName, selfAddress));
    members = Map.copyOf(withSelf);
    epoch = revision;
    MembershipView next = new MembershipView(revision, new ArrayList<>(withSelf.values()));
    view = next;
    for (Consumer<MembershipView> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        // one listener's failure must not stop the others, nor the watch that called it
        LOG.log(System.Logger.Level.ERROR, "node {0} failed to act on the view of epoch {1}: {2}", selfName,
            revision, e.toString());
      }
    }
    return true;
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

  /** What {@code entry} holds; a key that holds no member is logged, once. */
  private MemberEntry judge(KeyValue entry) {
    MemberEntry judged = MemberEntry.of(entry, settings.membersPrefix());
    if (judged.present()) {
      ignored.forget(judged.key());
    } else if (ignored.ignore(judged.key())) {
      LOG.log(System.Logger.Level.WARNING, "node {0} counts no member at {1} in etcd, as no node does: {2}",
          selfName, judged.key(), judged.problem());
    }
    return judged;
  }

  private String name(KeyValue entry) {
    return string(entry.getKey()).substring(settings.membersPrefix().length());
  }

  /** Stops watching; nothing is read or watched again. Call holding the lock. */
  void close() {
    closed = true;
    current = null;
    if (watcher != null) {
      watcher.close();
      watcher = null;
    }
  }
}
