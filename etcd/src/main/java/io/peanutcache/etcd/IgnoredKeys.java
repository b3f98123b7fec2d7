package io.peanutcache.etcd;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The etcd keys a node ignores because their values are not what PeanutCache writes there, so
 * that each is logged once rather than at every read and every watch event. A key is forgotten
 * when it is deleted or holds something good again, and logged again if it turns bad after that.
 *
 * <p>Thread-safe: every method is synchronized. It holds no more keys than etcd holds bad ones.
 */
final class IgnoredKeys {

  private final Set<String> keys = new HashSet<>(); // guarded by this

  /**
   * Notes that {@code key} is ignored.
   *
   * @param key the key
   * @return whether it was not ignored before: the caller logs it then
   */
  synchronized boolean ignore(String key) {
    return keys.add(key);
  }

  /**
   * Forgets {@code key}: it was deleted, or holds something good again.
   *
   * @param key the key
   */
  synchronized void forget(String key) {
    keys.remove(key);
  }

  /**
   * Forgets every key but {@code stillBad}, after a read of every key.
   *
   * @param stillBad the keys the read found bad
   */
  synchronized void retainOnly(Collection<String> stillBad) {
    keys.retainAll(new HashSet<>(stillBad));
  }
}
