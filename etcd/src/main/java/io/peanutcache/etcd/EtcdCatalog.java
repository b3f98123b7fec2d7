package io.peanutcache.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.peers.CacheDefinition;
import io.peanutcache.cluster.registry.Catalog;
import io.peanutcache.settings.EtcdSettings;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>What etcd holds is input like any other: a value that is not a definition of the cache its
 * key names is skipped, and logged once with its key; {@link EtcdCatalogWatch} does the same with
 * a definition the node cannot act on, and goes on watching. Every method may be called from any
 * thread.
 */
public final class EtcdCatalog implements Catalog {

  private static final System.Logger LOG = System.getLogger(EtcdCatalog.class.getName());

  private static final long TIMEOUT_MILLIS = 3_000;

  private final Client client;
  private final String prefix;
  /** The revision of each cache's last definition seen, so that a late deletion drops no newer one. */
  private final Map<CacheId, Long> definedAt = new ConcurrentHashMap<>();
  /** The keys skipped, each logged once. */
  private final IgnoredKeys ignored = new IgnoredKeys();
  private EtcdCatalogWatch watch; // guarded by this
  private boolean closed; // guarded by this

  /**
   * The catalog of a cluster.
   *
   * @param client the etcd client
   * @param settings where the cluster's keys live
   */
  EtcdCatalog(Client client, EtcdSettings settings) {
    this.client = client;
    this.prefix = settings.cachesPrefix();
  }

  /** In one etcd transaction: put the definition if the key has none, else read what is there. */
  @Override
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

  @Override
  public Optional<CacheDefinition> find(CacheId id) {
    GetResponse found = await("read the definition of cache " + id, client.getKVClient().get(key(id)));
    return found.getKvs().isEmpty() ? Optional.empty() : definition(found.getKvs().get(0));
  }

  @Override
  public void remove(CacheId id) {
    await("delete the definition of cache " + id, client.getKVClient().delete(key(id)));
  }

  /** Reads the prefix and watches it from the revision after that read ({@link EtcdCatalogWatch}). */
  @Override
  public void follow(Consumer<CacheDefinition> defined, Consumer<CacheId> deleted) {
    EtcdCatalogWatch following = new EtcdCatalogWatch(this, client, defined, deleted);
    synchronized (this) {
      if (watch != null || closed) {
        throw new IllegalStateException("the catalog under " + prefix + " is "
            + (closed ? "closed" : "followed already"));
      }
      watch = following;
    }
    following.start();
  }

  @Override
  public void close() {
    EtcdCatalogWatch following;
    synchronized (this) {
      closed = true;
      following = watch;
    }
    if (following != null) {
      following.close();
    }
  }

  // ---------------------------------------------------------------- what the watch shares

  /** Reads every key under the catalog's prefix. */
  GetResponse readAll() {
    return await("read the cache definitions", client.getKVClient()
        .get(bytes(prefix), GetOption.builder().isPrefix(true).build()));
  }

  /** The catalog's prefix, {@code <prefix>/caches/}. */
  String prefix() {
    return prefix;
  }

  /** The keys skipped, each logged once: by this class, or by the watch. */
  IgnoredKeys ignored() {
    return ignored;
  }

  /** Notes that a definition of {@code id} was seen at {@code revision}. */
  void definedAt(CacheId id, long revision) {
    definedAt.merge(id, revision, Math::max);
  }

  /**
   * Notes that {@code id}'s definition was deleted at {@code revision}, unless one seen after it
   * stands.
   *
   * @return whether the deletion stands: no later definition was seen
   */
  boolean deletedAt(CacheId id, long revision) {
    Long defined = definedAt.get(id);
    return defined == null || defined < revision && definedAt.remove(id, defined);
  }

  /**
   * The caches whose definitions were seen before {@code revision} but are not among
   * {@code stored}, a read at that revision: deleted meanwhile; they are forgotten.
   */
  List<CacheId> goneBefore(Set<CacheId> stored, long revision) {
    List<CacheId> gone = new ArrayList<>();
    for (Map.Entry<CacheId, Long> known : definedAt.entrySet()) {
      if (!stored.contains(known.getKey()) && known.getValue() < revision
          && definedAt.remove(known.getKey(), known.getValue())) {
        gone.add(known.getKey());
      }
    }
    return gone;
  }

  // ---------------------------------------------------------------- the stored form

  /** {@code <prefix>/caches/<URL-encoded CacheManager identity>/<URL-encoded name>}. */
  @Override
  public String keyOf(CacheId id) {
    return prefix + URLEncoder.encode(id.manager(), StandardCharsets.UTF_8) + "/"
        + URLEncoder.encode(id.name(), StandardCharsets.UTF_8);
  }

  private ByteSequence key(CacheId id) {
    return bytes(keyOf(id));
  }

  /** The cache whose definition {@code key} holds; empty if the key is not one of a definition. */
  Optional<CacheId> idOf(String key) {
    String rest = key.substring(prefix.length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(new CacheId(URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8),
          URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException notUrlEncoded) {
      return Optional.empty();
    }
  }

  private static String json(CacheDefinition definition) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("uri", definition.id().manager());
    fields.put("name", definition.id().name());
    fields.put("description", definition.description());
    fields.put("configuration", Base64.getEncoder().encodeToString(definition.configuration()));
    return FlatJson.write(fields);
  }

  /**
   * The definition {@code entry} holds: a flat JSON object of the fields {@link #json} writes, its
   * configuration in Base64, stored at the key of the cache it names. Anything else is logged once
   * with its key, and empty.
   */
  Optional<CacheDefinition> definition(KeyValue entry) {
    String key = string(entry.getKey());
    Map<String, String> fields = FlatJson.read(string(entry.getValue())).orElse(Map.of());
    String problem;
    if (!fields.containsKey("uri") || !fields.containsKey("name") || !fields.containsKey("configuration")) {
      problem = "not a PeanutCache cache definition";
    } else {
      CacheId id = new CacheId(fields.get("uri"), fields.get("name"));
      if (!keyOf(id).equals(key)) {
        problem = "it defines cache " + id + ", whose definition belongs at " + keyOf(id);
      } else {
        try {
          return Optional.of(new CacheDefinition(id, Base64.getDecoder().decode(fields.get("configuration")),
              fields.getOrDefault("description", "")));
        } catch (IllegalArgumentException notBase64) {
          problem = "its configuration is not Base64";
        }
      }
    }
    if (ignored.ignore(key)) {
      LOG.log(System.Logger.Level.WARNING, "skipping {0} in etcd: {1}", key, problem);
    }
    return Optional.empty();
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

  static String string(ByteSequence bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
