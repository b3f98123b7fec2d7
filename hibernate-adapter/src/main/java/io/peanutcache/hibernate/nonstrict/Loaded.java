package io.peanutcache.hibernate.nonstrict;

import java.io.Serial;
import java.io.Serializable;

/**
 * What a nonstrict region holds for a key that a load cached: the value, and the latest eviction
 * it replaced. A load that began before that eviction may not replace the value, as it could not
 * replace the eviction's marker: without it, a slow load of an old value would overwrite the value
 * of a load that began after the change, and stay until the next change.
 *
 * @param value Hibernate's cache entry
 * @param eviction the eviction whose marker the value replaced, or null if there was none
 */
record Loaded(Object value, Evicted eviction) implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;
}
