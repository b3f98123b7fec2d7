package io.peanutcache.management;

/** The two kinds of MXBean JSR-107 defines per cache, by their ObjectName {@code type}. */
public enum MBeanKind {
  /** The {@code CacheMXBean}. */
  CONFIGURATION("CacheConfiguration"),
  /** The {@code CacheStatisticsMXBean}. */
  STATISTICS("CacheStatistics");

  private final String type;

  MBeanKind(String type) {
    this.type = type;
  }

  /**
   * The ObjectName {@code type} property.
   *
   * @return the type
   */
  public String type() {
    return type;
  }
}
