package io.peanutcache.cluster.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.peers.CacheDefinition;
import io.peanutcache.settings.EtcdSettings;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.cache.CacheException;

/**
 * The cache definitions of a cluster kept in etcd, under
 * {@code <prefix>/caches/<CacheManager identity>/<cache name>} (both URL-encoded), so that a node
 * that starts later knows every cache. The value is one line of JSON: the CacheManager's identity
 * (under {@code "uri"}, the name it has had since the identity was the CacheManager's URI), the
 * name, the configuration's description and the configuration itself, Java-serialized and in
 * Base64.
 *
 * <p>etcd decides conflicts: the first definition of a cache is stored; a later one is accepted
 * only if it is equal. Every node reads the definitions when it starts and watches them, hosting
 * each cache that appears and dropping each one whose key is deleted. Changes are ordered by their
 * etcd revision, so a deletion seen late never drops a cache created again after it.
 */
public final class EtcdCatalog implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(EtcdCatalog.class.getName());

  private static final long TIMEOUT_MILLIS = 3_000;

  private final Client client;
  private final String prefix;
  private final Map<CacheId, Long> definedAt = new ConcurrentHashMap<>();
  private volatile Watch.Watcher watcher;
  private volatile boolean closed;

  /**
   * The catalog of a cluster.
   *
   * @param client the etcd client
   * @param settings where the cluster's keys live
   */
  public EtcdCatalog(Client client, EtcdSettings settings) {
    this.client = client;
    this.prefix = settings.cachesPrefix();
  }

  /**
   * Stores a definition unless another one of that cache is there.
   *
   * @param definition the definition
   * @param equal whether a stored definition is equal to this one
   * @return the description of a different stored definition, or empty if this one is stored or
   *     an equal one is
   * @throws CacheException if etcd cannot be reached
   */
  public Optional<String> record(CacheDefinition definition, Predicate<CacheDefinition> equal) {
    CacheId id = definition.id();
    ByteSequence key = key(id);
    TxnResponse response = await("store the definition of cache " + id, client.getKVClient().txn()
        .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
        .Then(Op.put(key, bytes(json(definition)), PutOption.DEFAULT))
        .Else(Op.get(key, GetOption.DEFAULT))
        .commit());
    if (response.isSucceeded()) {
      definedAt.merge(id, response.getHeader().getRevision(), Math::max);
      return Optional.empty();
    }
    KeyValue stored = response.getGetResponses().get(0).getKvs().get(0);
    Optional<CacheDefinition> existing = definition(stored);
    if (existing.isPresent() && equal.test(existing.get())) {
      definedAt.merge(id, stored.getModRevision(), Math::max);
      return Optional.empty();
    }
    return Optional.of(existing.map(CacheDefinition::description).orElse(string(stored.getValue())));
  }

  /**
   * Reads one cache's definition from etcd, for a node that has not seen it through its watch.
   *
   * @param id the cache
   * @return the stored definition, or empty if there is none (or it is not one)
   * @throws CacheException if etcd cannot be reached
   */
  public Optional<CacheDefinition> find(CacheId id) {
    GetResponse found = await("read the definition of cache " + id, client.getKVClient().get(key(id)));
    return found.getKvs().isEmpty() ? Optional.empty() : definition(found.getKvs().get(0));
  }

  /**
   * Deletes a cache's definition.
   *
   * @param id the cache
   * @throws CacheException if etcd cannot be reached
   */
  public void remove(CacheId id) {
    await("delete the definition of cache " + id, client.getKVClient().delete(key(id)));
  }

  /**
   * Hands every stored definition to {@code defined}, then every later change as it happens.
   *
   * @param defined told of each definition that is stored
   * @param deleted told of each cache whose definition is deleted
   * @throws CacheException if etcd cannot be reached
   */
  public void follow(Consumer<CacheDefinition> defined, Consumer<CacheId> deleted) {
    GetResponse all = await("read the cache definitions", client.getKVClient()
        .get(bytes(prefix), GetOption.builder().isPrefix(true).build()));
    for (KeyValue entry : all.getKvs()) {
      definition(entry).ifPresent(definition -> {
        definedAt.merge(definition.id(), entry.getModRevision(), Math::max);
        defined.accept(definition);
      });
    }
    watch(all.getHeader().getRevision() + 1, defined, deleted);
  }

  private void watch(long fromRevision, Consumer<CacheDefinition> defined, Consumer<CacheId> deleted) {
    if (closed) {
      return;
    }
    watcher = client.getWatchClient().watch(bytes(prefix),
        WatchOption.builder().isPrefix(true).withRevision(fromRevision).build(),
        Watch.listener(response -> {
          for (WatchEvent event : response.getEvents()) {
            apply(event, defined, deleted);
          }
        }, failure -> resume(defined, deleted), () -> resume(defined, deleted)));
  }

  private void apply(WatchEvent event, Consumer<CacheDefinition> defined, Consumer<CacheId> deleted) {
    KeyValue entry = event.getKeyValue();
    if (event.getEventType() == WatchEvent.EventType.PUT) {
      definition(entry).ifPresent(definition -> {
        definedAt.merge(definition.id(), entry.getModRevision(), Math::max);
        defined.accept(definition);
      });
    } else if (event.getEventType() == WatchEvent.EventType.DELETE) {
      Optional<CacheId> id = idOf(string(entry.getKey()));
      if (id.isPresent() && definedAt.getOrDefault(id.get(), 0L) < entry.getModRevision()) {
        definedAt.remove(id.get());
        deleted.accept(id.get());
      }
    }
  }

  /** Reads the definitions afresh after the watch broke, and watches again. */
  private void resume(Consumer<CacheDefinition> defined, Consumer<CacheId> deleted) {
    if (closed) {
      return;
    }
    Thread retry = new Thread(() -> {
      while (!closed) {
        try {
          Thread.sleep(250);
          follow(defined, deleted);
          return;
        } catch (CacheException unreachable) {
          // etcd is still away; the nodes keep the caches they host
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "peanutcache-etcd-catalog");
    retry.setDaemon(true);
    retry.start();
  }

  @Override
  public void close() {
    closed = true;
    Watch.Watcher current = watcher;
    if (current != null) {
      current.close();
    }
  }

  // ---------------------------------------------------------------- the stored form

  /**
   * Where a cache's definition is kept in etcd.
   *
   * @param id the cache
   * @return {@code <prefix>/caches/<URL-encoded CacheManager identity>/<URL-encoded name>}
   */
  public String keyOf(CacheId id) {
    return prefix + URLEncoder.encode(id.manager(), StandardCharsets.UTF_8) + "/"
        + URLEncoder.encode(id.name(), StandardCharsets.UTF_8);
  }

  private ByteSequence key(CacheId id) {
    return bytes(keyOf(id));
  }

  private Optional<CacheId> idOf(String key) {
    String rest = key.substring(prefix.length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    return Optional.of(new CacheId(URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8),
        URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8)));
  }

  private static String json(CacheDefinition definition) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("uri", definition.id().manager());
    fields.put("name", definition.id().name());
    fields.put("description", definition.description());
    fields.put("configuration", Base64.getEncoder().encodeToString(definition.configuration()));
    return FlatJson.write(fields);
  }

  private static Optional<CacheDefinition> definition(KeyValue entry) {
    Optional<Map<String, String>> fields = FlatJson.read(string(entry.getValue()));
    try {
      return fields.filter(f -> f.containsKey("uri") && f.containsKey("name") && f.containsKey("configuration"))
          .map(f -> new CacheDefinition(new CacheId(f.get("uri"), f.get("name")),
              Base64.getDecoder().decode(f.get("configuration")), f.getOrDefault("description", "")))
          .or(() -> {
            LOG.log(System.Logger.Level.WARNING, "ignoring {0} in etcd: not a PeanutCache cache definition",
                string(entry.getKey()));
            return Optional.empty();
          });
    } catch (IllegalArgumentException notBase64) {
      LOG.log(System.Logger.Level.WARNING, "ignoring {0} in etcd: its configuration is not Base64",
          string(entry.getKey()));
      return Optional.empty();
    }
  }

  private static <T> T await(String what, Future<T> call) {
    try {
      return call.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      call.cancel(true);
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new CacheException("cannot " + what + " in etcd: " + (cause instanceof TimeoutException
          ? "no answer within " + TIMEOUT_MILLIS + " ms" : cause.getMessage()), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("interrupted while waiting to " + what + " in etcd", e);
    }
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }

  private static String string(ByteSequence bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
