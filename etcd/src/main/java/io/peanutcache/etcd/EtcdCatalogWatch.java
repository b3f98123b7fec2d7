package io.peanutcache.etcd;

import static io.peanutcache.etcd.EtcdCalls.RETRY_MILLIS;
import static io.peanutcache.etcd.EtcdCatalog.string;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.peers.CacheDefinition;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.cache.CacheException;

/**
 * The watch that hands a node every cache definition of the {@link EtcdCatalog}, then every
 * later change, so that the node hosts each cache defined and drops each one deleted.
 *
 * <p>{@link #start} reads every definition and watches the catalog's prefix from the revision
 * after that read. A definition the node cannot act on (its configuration does not decode, its
 * factory throws, whatever the node's code throws on it) is skipped and logged once with its key,
 * and the watch goes on to the next. A watch that breaks (etcd went away) is closed, so that the
 * etcd client does not open it again by itself, and opened again after a fresh read, until that
 * succeeds or the watch closes; the read also drops the caches whose definitions went meanwhile.
 * One watch is open at a time, and only its events count.
 *
 * <p>Threads: {@code start} reads on the caller's thread; the watch's events arrive on the etcd
 * client's threads, and the definitions are handed on there; the read after a broken watch runs on
 * a thread {@code peanutcache-etcd-catalog}, one at a time. The etcd client reports a broken watch
 * holding a lock of its own, so nothing then waits for this class's lock.
 */
final class EtcdCatalogWatch implements AutoCloseable {

  /** The catalog's logger: one name to configure for everything the catalog logs. */
  private static final System.Logger LOG = System.getLogger(EtcdCatalog.class.getName());

  private final EtcdCatalog catalog;
  private final Client client;
  private final ByteSequence prefix;
  private final Consumer<CacheDefinition> defined;
  private final Consumer<CacheId> deleted;
  /** Whether a thread is reading and watching again after the watch broke: one at a time. */
  private final AtomicBoolean resuming = new AtomicBoolean();

  /** Guards the watcher and orders the writes of the fields below. */
  private final Object lock = new Object();
  private Watch.Watcher watcher; // guarded by lock
  /** The listener of the current watch: events and failures of any other are stale. Written holding the lock. */
  private volatile CatalogListener current;
  /** Set once by {@link #close}, holding the lock. */
  private volatile boolean closed;

  /**
   * @param defined told of each definition that is stored
   * @param deleted told of each cache whose definition is deleted
   */
  EtcdCatalogWatch(EtcdCatalog catalog, Client client, Consumer<CacheDefinition> defined,
      Consumer<CacheId> deleted) {
    this.catalog = catalog;
    this.client = client;
    this.prefix = ByteSequence.from(catalog.prefix(), StandardCharsets.UTF_8);
    this.defined = defined;
    this.deleted = deleted;
  }

  /**
   * Hands on every stored definition, and watches from then on.
   *
   * @throws CacheException if etcd cannot be reached
   */
  void start() {
    readAndWatch();
  }

  /**
   * Reads every definition, hands each on, drops each cache whose definition went since it was
   * seen, and watches from the revision after the read, closing the watch this replaces.
   */
  private void readAndWatch() {
    GetResponse all = catalog.readAll();
    long revision = all.getHeader().getRevision();
    Set<CacheId> stored = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (KeyValue entry : all.getKvs()) {
      keys.add(string(entry.getKey()));
      catalog.idOf(string(entry.getKey())).ifPresent(stored::add);
      defined(entry);
    }
    catalog.ignored().retainOnly(keys);
    for (CacheId gone : catalog.goneBefore(stored, revision)) {
      hand(catalog.keyOf(gone), () -> deleted.accept(gone));
    }
    Watch.Watcher replaced;
    synchronized (lock) {
      if (closed) {
        return;
      }
      replaced = watcher;
      CatalogListener listener = new CatalogListener();
      current = listener;
      watcher = client.getWatchClient().watch(prefix,
          WatchOption.builder().isPrefix(true).withRevision(revision + 1).build(), listener);
    }
    if (replaced != null) {
      replaced.close();
    }
  }

  /** The events of one watch; those of a watch that is no longer the current one are dropped. */
  private final class CatalogListener implements Watch.Listener {

    @Override
    public void onNext(WatchResponse response) {
      if (closed || current != this) {
        return;
      }
      for (WatchEvent event : response.getEvents()) {
        apply(event);
      }
    }

    @Override
    public void onError(Throwable failure) {
      broke(this);
    }

    @Override
    public void onCompleted() {
      broke(this);
    }
  }

  private void apply(WatchEvent event) {
    KeyValue entry = event.getKeyValue();
    String key = string(entry.getKey());
    if (event.getEventType() == WatchEvent.EventType.PUT) {
      defined(entry);
    } else if (event.getEventType() == WatchEvent.EventType.DELETE) {
      catalog.ignored().forget(key);
      Optional<CacheId> id = catalog.idOf(key);
      if (id.isPresent() && catalog.deletedAt(id.get(), entry.getModRevision())) {
        hand(key, () -> deleted.accept(id.get()));
      }
    }
  }

  /** Hands on the definition {@code entry} holds, if it holds one. */
  private void defined(KeyValue entry) {
    String key = string(entry.getKey());
    catalog.definition(entry).ifPresent(definition -> {
      catalog.definedAt(definition.id(), entry.getModRevision());
      if (hand(key, () -> defined.accept(definition))) {
        catalog.ignored().forget(key);
      }
    });
  }

  /**
   * Runs {@code handing}, which hands a change of {@code key} on to the node; if it throws, the
   * change is skipped and logged once for the key, and the watch goes on.
   *
   * @return whether it ran without throwing
   */
  private boolean hand(String key, Runnable handing) {
    try {
      handing.run();
      return true;
    } catch (Throwable e) { // a factory's own code runs here: whatever it throws ends with it
      if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
        throw (VirtualMachineError) e; // the JVM itself is failing: nothing to skip
      }
      if (catalog.ignored().ignore(key)) {
        LOG.log(System.Logger.Level.WARNING, "skipping the cache definition at {0} in etcd: this node cannot act "
            + "on it ({1}); the catalog watch goes on", key, e.toString());
      }
      return false;
    }
  }

  /**
   * A watch ended or failed. Runs on the etcd client's thread, which may hold a lock of the
   * client's: starts one thread that closes the watch (else the client opens it again by itself,
   * beside the new one) and reads and watches again until that succeeds or this watch closes.
   */
  private void broke(CatalogListener from) {
    if (closed || current != from || !resuming.compareAndSet(false, true)) {
      return;
    }
    Thread retry = new Thread(() -> {
      try {
        closeIfCurrent(from);
        while (!closed) {
          Thread.sleep(RETRY_MILLIS);
          try {
            readAndWatch();
            return;
          } catch (RuntimeException unreachable) {
            // etcd is still away; the nodes keep the caches they host
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        resuming.set(false);
      }
    }, "peanutcache-etcd-catalog");
    retry.setDaemon(true);
    retry.start();
  }

  /** Closes the watch of {@code from}, if it is still the current one. */
  private void closeIfCurrent(CatalogListener from) {
    Watch.Watcher broken = null;
    synchronized (lock) {
      if (current == from) {
        broken = watcher;
        watcher = null;
        current = null;
      }
    }
    if (broken != null) {
      broken.close();
    }
  }

  /** Stops watching, for good. */
  @Override
  public void close() {
    Watch.Watcher last;
    synchronized (lock) {
      closed = true;
      current = null;
      last = watcher;
      watcher = null;
    }
    if (last != null) {
      last.close();
    }
  }
}
