package io.peanutcache.hibernate;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.codec.AllowList;
import io.peanutcache.jcache.PeanutCacheManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.CacheManager;

/**
 * The classes of Hibernate's that the regions' keys and values are Java-serialized objects of,
 * as patterns of PeanutCache's allow-list ({@value AllowList#SETTING}): a node decodes what comes
 * from its peers only if the list allows every class in it. The adapter's own steps and markers
 * ({@code io.peanutcache.hibernate.*}) are allowed by the provider already; so are the JDK's
 * value types, which the entries' disassembled state is made of. An application's own types
 * stored in entities (embeddables' parts, enums, ids of its classes) are the application's to
 * allow, with {@value AllowList#SETTING} among the Hibernate properties.
 */
final class SerializedClasses {

  /**
   * Hibernate's classes a region sends and receives; the adapter's clustered tests show each of
   * them refused without it.
   */
  static final List<String> PATTERNS = List.of(
      // keys of entity and collection regions: an id of a basic type, and a composite one
      "org.hibernate.cache.internal.BasicCacheKeyImplementation",
      "org.hibernate.cache.internal.CacheKeyImplementation",
      // keys of natural-id regions
      "org.hibernate.cache.internal.NaturalIdCacheKey",
      // keys of the query results region, with the query's parameters
      "org.hibernate.cache.spi.QueryKey",
      "org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl",
      // values: an entity's state, a collection's, a query's results
      "org.hibernate.cache.spi.entry.StandardCacheEntryImpl",
      "org.hibernate.cache.spi.entry.CollectionCacheEntry",
      "org.hibernate.cache.internal.QueryResultsCacheImpl$CacheItem");

  private SerializedClasses() {}

  /**
   * The node settings of a CacheManager this factory makes, with the adapter's patterns added to
   * the ones the Hibernate properties give.
   *
   * @param nodeSettings the {@code peanutcache.*} Hibernate properties, as the manager's
   *     properties
   * @param hibernateProperties the Hibernate properties, where {@value AllowList#SETTING} may be
   *     a string or a collection of patterns
   * @return {@code nodeSettings}, with {@value AllowList#SETTING} set to the application's
   *     patterns followed by the adapter's
   * @throws InvalidSettingException naming {@value AllowList#SETTING}, if a pattern of the
   *     application's is malformed
   */
  static Properties addTo(Properties nodeSettings, Map<String, Object> hibernateProperties) {
    List<String> patterns = new ArrayList<>(applications(hibernateProperties));
    PATTERNS.stream().filter(pattern -> !patterns.contains(pattern)).forEach(patterns::add);
    nodeSettings.setProperty(AllowList.SETTING, String.join(",", patterns));
    return nodeSettings;
  }

  /**
   * Adds the adapter's patterns, and those of the Hibernate properties, to the node of a
   * supplied CacheManager, whose settings this factory does not make. An embedded manager, or
   * one of another provider, has no node to add them to, and needs none: nothing of it crosses
   * the network.
   *
   * @param manager the supplied CacheManager
   * @param hibernateProperties the Hibernate properties
   * @throws InvalidSettingException naming {@value AllowList#SETTING}, if a pattern of the
   *     application's is malformed
   */
  static void addTo(CacheManager manager, Map<String, Object> hibernateProperties) {
    List<String> patterns = new ArrayList<>(applications(hibernateProperties));
    patterns.addAll(PATTERNS);
    if (manager instanceof PeanutCacheManager peanut) {
      peanut.allowSerialized(patterns);
    }
  }

  /** The patterns the Hibernate properties give, checked. */
  private static List<String> applications(Map<String, Object> hibernateProperties) {
    Object value = hibernateProperties.get(AllowList.SETTING);
    if (value == null) {
      return List.of();
    }
    String text = value instanceof Collection<?> patterns
        ? String.join(",", patterns.stream().map(String::valueOf).toList())
        : value.toString();
    try {
      return AllowList.parse(text);
    } catch (IllegalArgumentException malformed) {
      throw new InvalidSettingException(AllowList.SETTING, text, AllowList.SETTING_ALLOWED,
          malformed);
    }
  }
}
