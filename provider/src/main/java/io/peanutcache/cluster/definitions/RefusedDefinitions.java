package io.peanutcache.cluster.definitions;

import io.peanutcache.cluster.hosting.CacheId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says once that a definition was refused: a definition from etcd or from a peer that does not
 * decode or names a class it may not comes back with every watch event and every request for the
 * cache, and one line per cache and source is enough. The set of what was said is bounded; past
 * its bound a refusal is logged every time rather than remembered.
 */
final class RefusedDefinitions {

  private static final System.Logger LOG = System.getLogger(RefusedDefinitions.class.getName());

  /** How many refusals are remembered. */
  private static final int REMEMBERED = 1024;

  private final Set<String> said = ConcurrentHashMap.newKeySet();

  /**
   * Logs a refusal, unless the same cache from the same source was logged before.
   *
   * @param id the cache
   * @param source where the definition came from: {@code etcd key <key>} or {@code peer <name>}
   * @param node this node's name
   * @param reason why it was refused
   */
  void log(CacheId id, String source, String node, String reason) {
    String refusal = id + " from " + source;
    if (said.size() < REMEMBERED ? said.add(refusal) : !said.contains(refusal)) {
      LOG.log(System.Logger.Level.WARNING, "cache {0} stays undefined on {1}: its definition from {2} is "
          + "refused: {3}", id, node, source, reason);
    }
  }
}
