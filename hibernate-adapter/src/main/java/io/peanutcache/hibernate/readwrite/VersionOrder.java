package io.peanutcache.hibernate.readwrite;

import java.io.Serial;
import java.io.Serializable;
import java.util.Comparator;

/**
 * How an entity's versions compare, on the key's owner. Hibernate's comparator goes with the
 * step when it can be serialized; otherwise versions that are {@link Comparable} (numbers,
 * timestamps: every version type but database row versions) compare naturally. Versions that
 * cannot be compared are never older, so a load never replaces what they protect: a miss, never
 * a stale value.
 */
public final class VersionOrder implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  /** Versions in their natural order. */
  public static final VersionOrder NATURAL = new VersionOrder(null);

  private final Comparator<Object> comparator;

  private VersionOrder(Comparator<Object> comparator) {
    this.comparator = comparator;
  }

  /**
   * The order of {@code comparator}.
   *
   * @param comparator Hibernate's version comparator, or null for unversioned data
   * @return the order to send with a step: the comparator's if it can be serialized, else
   *     {@link #NATURAL}
   */
  public static VersionOrder of(Comparator<Object> comparator) {
    return comparator instanceof Serializable ? new VersionOrder(comparator) : NATURAL;
  }

  /** Whether {@code cached} is older than {@code loaded}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  boolean isOlder(Object cached, Object loaded) {
    if (cached == null || loaded == null) {
      return false;
    }
    if (comparator != null) {
      return comparator.compare(cached, loaded) < 0;
    }
    if (cached instanceof Comparable comparable && cached.getClass().isInstance(loaded)) {
      return comparable.compareTo(loaded) < 0;
    }
    return false;
  }
}
