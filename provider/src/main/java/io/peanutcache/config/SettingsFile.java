package io.peanutcache.config;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.PeanutConfiguration;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.cache.configuration.CompleteConfiguration;

/**
 * The settings in the {@code .properties} file named by a CacheManager URI: the caches it declares,
 * and the node settings it holds for the rest of PeanutCache.
 *
 * <h2>Which file</h2>
 *
 * <p>The URI names a file by this rule:
 *
 * <ul>
 *   <li>a {@code file:} URI ({@code file:/etc/app/peanutcache.properties}) names a file;
 *   <li>a {@code classpath:} URI ({@code classpath:peanutcache.properties}, a leading {@code /}
 *       allowed) names a resource of the CacheManager's ClassLoader;
 *   <li>any other absolute URI whose path ends in {@code .properties} (for an opaque URI such as
 *       {@code jar:}, its scheme-specific part) names what {@code uri.toURL()} opens: a jar entry
 *       ({@code jar:file:/app.jar!/peanutcache.properties}, which Spring Boot and Hibernate make
 *       of a resource of an application run from its jar), or any URL a ClassLoader hands out
 *       ({@code classLoader.getResource("peanutcache.properties").toURI()}), read afresh each
 *       time, without the JVM's cache of opened jars;
 *   <li>any other URI, such as the provider's default URI {@code urn:peanutcache:default},
 *       {@code urn:x} or {@code MyManager}, is a name and names no file: the CacheManager then
 *       declares no caches and has no node settings.
 * </ul>
 *
 * <p>The file is read as UTF-8. A URI that names a file that cannot be read is an error, never
 * an empty file.
 *
 * <h2>Declaring a cache</h2>
 *
 * <p>Each setting of a cache is one line:
 *
 * <pre>
 * peanutcache.cache.&lt;cache name&gt;.&lt;setting&gt;=&lt;value&gt;
 * </pre>
 *
 * <p>The cache name may contain dots: the setting is the part after the last dot. Values are
 * trimmed, and a blank value is invalid. The settings are:
 *
 * <ul>
 *   <li>{@code key-type}, {@code value-type}: the binary name of a class, loaded with the
 *       CacheManager's ClassLoader ({@code java.lang.String}, {@code com.example.Outer$Inner}).
 *   <li>{@code store-by-value}, {@code read-through}, {@code write-through}, {@code statistics},
 *       {@code management}: {@code true} or {@code false}, in any case, and nothing else.
 *   <li>{@code loader}, {@code writer}: the name of a public class implementing
 *       {@code javax.cache.integration.CacheLoader} or {@code CacheWriter}, with a public no-arg
 *       constructor; the cache gets {@code FactoryBuilder.factoryOf(className)}, which makes the
 *       instance with the context ClassLoader of the thread that asks for it.
 *   <li>{@code expiry}: {@code eternal}, or a kind and a duration separated by whitespace, where
 *       the kind is {@code created}, {@code accessed}, {@code modified} or {@code touched} (for
 *       JSR-107's {@code CreatedExpiryPolicy}, {@code AccessedExpiryPolicy},
 *       {@code ModifiedExpiryPolicy} and {@code TouchedExpiryPolicy}) and the duration is zero or
 *       more, in whole milliseconds.
 *   <li>{@code maximum-entries}: a whole number of at least 1.
 *   <li>{@code maximum-bytes}: a whole number of at least 1, with an optional unit, in any case:
 *       {@code B}, {@code KB}, {@code MB}, {@code GB} (powers of 1000) or {@code KiB},
 *       {@code MiB}, {@code GiB} (powers of 1024). A cache has at most one of
 *       {@code maximum-entries} and {@code maximum-bytes}.
 *   <li>{@code hot-cache}: the most copies of others' entries each node keeps and how long a
 *       copy may be served, separated by whitespace: a whole number of at least 1 and a duration
 *       above zero, such as {@code 10000 5s} (see
 *       {@link io.peanutcache.PeanutConfiguration#setHotCache}).
 * </ul>
 *
 * <p>A duration is written in ISO-8601 ({@code PT10M}) or as a whole number followed by a unit,
 * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code 500ms}, {@code 10s}). Negative
 * durations are invalid.
 *
 * <pre>{@code
 * peanutcache.cache.scores.key-type=java.lang.String
 * peanutcache.cache.scores.value-type=java.lang.Long
 * peanutcache.cache.scores.expiry=accessed 10m
 * peanutcache.cache.scores.maximum-bytes=64MiB
 * peanutcache.cache.com.example.users.loader=com.example.UserLoader
 * peanutcache.cache.com.example.users.read-through=true
 * }</pre>
 *
 * <p>A cache obtained by name ({@code getCache("scores")}) is made from its declared settings over
 * JSR-107's defaults. A cache made with {@code createCache(name, configuration)} for a declared
 * name gets the declared settings laid over the given configuration; the others keep the given
 * values.
 *
 * <h2>Node settings</h2>
 *
 * <p>Every key that does not start with {@code peanutcache.cache.}, such as
 * {@code peanutcache.bind}, {@code peanutcache.peers}, {@code peanutcache.node.name} or
 * {@code peanutcache.rpc.timeout}, is a node setting. This class does not interpret them: it
 * hands them back unchanged from {@link #nodeSettings()}, together with
 * {@code peanutcache.manager}, which names the CacheManager in the cluster (see
 * {@link io.peanutcache.settings.ManagerIdentity}).
 *
 * <h2>Errors</h2>
 *
 * <p>The whole file is checked when it is loaded, so a mistake stops the CacheManager from being
 * made instead of surfacing later, when a cache is made. An {@link InvalidSettingException} names
 * the key, the value, the file and what is allowed, for example {@code invalid setting
 * peanutcache.cache.scores.maximum-entries=abc (in classpath:peanutcache.properties): allowed: a
 * whole number of at least 1}. Unknown setting names, both bounds on one cache, missing classes,
 * classes of the wrong kind, and a URI that names a file (above) that cannot be read are all
 * errors.
 *
 * <p>A {@code SettingsFile} is immutable and safe to share between threads.
 */
public final class SettingsFile {

  private static final SettingsFile EMPTY =
      new SettingsFile(null, new TreeMap<>(), new Properties());

  private final URI source;
  private final SortedMap<String, CacheDeclaration> caches;
  private final Properties nodeSettings;

  private SettingsFile(
      URI source, SortedMap<String, CacheDeclaration> caches, Properties nodeSettings) {
    this.source = source;
    this.caches = caches;
    this.nodeSettings = nodeSettings;
  }

  /**
   * Loads and checks the settings in the file {@code uri} names.
   *
   * @param uri the CacheManager's URI
   * @param classLoader the CacheManager's ClassLoader: it finds {@code classpath:} resources and
   *     the classes the settings name
   * @return the settings of the file, or {@link #empty()} when {@code uri} is only a name (see
   *     the class description for which URIs name a file)
   * @throws InvalidSettingException naming the URI if it names a file that cannot be read or is
   *     not a properties file, or if any cache setting in the file is invalid
   * @throws NullPointerException if {@code uri} or {@code classLoader} is null
   */
  public static SettingsFile load(URI uri, ClassLoader classLoader) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(classLoader, "classLoader");
    Optional<Properties> properties = SettingsFileReader.read(uri, classLoader);
    if (properties.isEmpty()) {
      return EMPTY;
    }
    try {
      return read(uri, properties.get(), classLoader);
    } catch (InvalidSettingException invalid) {
      throw invalid.withSource(uri);
    }
  }

  private static SettingsFile read(URI source, Properties properties, ClassLoader classLoader) {
    Properties nodeSettings = new Properties();
    for (String key : properties.stringPropertyNames()) {
      if (!CacheSettingKey.isCacheSetting(key)) {
        nodeSettings.setProperty(key, properties.getProperty(key));
      }
    }
    return new SettingsFile(source, declarations(properties, classLoader), nodeSettings);
  }

  /** The caches {@code properties} declare under {@code peanutcache.cache.}, read and checked. */
  private static SortedMap<String, CacheDeclaration> declarations(
      Properties properties, ClassLoader classLoader) {
    Map<String, Map<CacheSettingKey, String>> settingsByCache = new TreeMap<>();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (CacheSettingKey.isCacheSetting(key)) {
        String trimmed = properties.getProperty(key).trim();
        CacheSettingKey cacheSettingKey = CacheSettingKey.parse(key, trimmed);
        settingsByCache
            .computeIfAbsent(cacheSettingKey.cacheName(), name -> new LinkedHashMap<>())
            .put(cacheSettingKey, trimmed);
      }
    }
    SortedMap<String, CacheDeclaration> caches = new TreeMap<>();
    settingsByCache.forEach(
        (name, settings) -> caches.put(name, CacheDeclaration.read(settings, classLoader)));
    return caches;
  }

  /**
   * These settings with the per-cache settings of {@code properties} laid over them: every key
   * {@code peanutcache.cache.<cache name>.<setting>} with a String value, read as in a file. A
   * setting declared there replaces the same setting of the same cache here, a bound declared
   * there replaces either bound here, and the settings that are not declared there keep their
   * values. Other keys are passed over: node settings stay those of the file.
   *
   * <p>This is how the CacheManager's {@code Properties} declare caches beside (and over) its
   * settings file, for frameworks that hold the settings elsewhere, such as Spring's
   * {@code Environment}.
   *
   * @param properties the per-cache settings to lay over these, among other keys
   * @param classLoader the ClassLoader that loads the classes the settings name
   * @return new settings with the same source and node settings, or these when
   *     {@code properties} declares no cache
   * @throws InvalidSettingException naming no source, if a per-cache setting of
   *     {@code properties} is unknown or its value not allowed, or if they declare both bounds
   *     for one cache
   * @throws NullPointerException if {@code properties} or {@code classLoader} is null
   */
  public SettingsFile withCacheSettings(Properties properties, ClassLoader classLoader) {
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(classLoader, "classLoader");
    SortedMap<String, CacheDeclaration> declared = declarations(properties, classLoader);
    if (declared.isEmpty()) {
      return this;
    }
    SortedMap<String, CacheDeclaration> merged = new TreeMap<>(caches);
    declared.forEach((name, declaration) -> merged.merge(name, declaration,
        (inFile, laidOver) -> laidOver.over(inFile)));
    return new SettingsFile(source, merged, nodeSettings);
  }

  /**
   * Settings that declare no cache and hold no node settings, from no file.
   *
   * @return the empty settings
   */
  public static SettingsFile empty() {
    return EMPTY;
  }

  /**
   * The file the settings were read from.
   *
   * @return the URI the file was loaded with, or empty when the settings come from no file
   */
  public Optional<URI> source() {
    return Optional.ofNullable(source);
  }

  /**
   * The names of the caches the file declares.
   *
   * @return the names, in ascending order; the set cannot be modified
   */
  public Set<String> cacheNames() {
    return Collections.unmodifiableSet(caches.keySet());
  }

  /**
   * The configuration of the cache {@code name}: its declared settings over JSR-107's defaults,
   * which are {@code Object} keys and values, store-by-value and eternal expiry.
   *
   * @param name the cache's name
   * @return a new configuration on each call, or empty when the file does not declare the cache
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<PeanutConfiguration<Object, Object>> cacheConfiguration(String name) {
    Objects.requireNonNull(name, "name");
    return Optional.ofNullable(caches.get(name))
        .map(declaration -> declaration.layOver(new PeanutConfiguration<>()));
  }

  /**
   * A new configuration: a copy of {@code base} (including its bound, when it is a
   * {@link PeanutConfiguration}) with the settings declared for the cache {@code name} laid over
   * it. Settings the file does not declare keep the values of {@code base}; a declared bound
   * replaces any bound of {@code base}. A declared key or value type replaces the one of
   * {@code base}, so the result's type parameters hold only when the declared types agree with
   * them. {@code base} is not changed.
   *
   * @param name the cache's name
   * @param base the configuration given for the cache
   * @param <K> the type of keys of {@code base}
   * @param <V> the type of values of {@code base}
   * @return the combined configuration, or a copy of {@code base} when the file does not declare
   *     the cache
   * @throws NullPointerException if {@code name} or {@code base} is null
   */
  public <K, V> PeanutConfiguration<K, V> applyTo(
      String name, CompleteConfiguration<K, V> base) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(base, "base");
    CacheDeclaration declaration = caches.get(name);
    return declaration == null ? new PeanutConfiguration<>(base) : declaration.layOver(base);
  }

  /**
   * The node settings: every key of the file that does not start with {@code peanutcache.cache.},
   * with its value exactly as read, untrimmed and unchecked.
   *
   * @return a new {@code Properties} on each call, which the caller may change
   */
  public Properties nodeSettings() {
    Properties copy = new Properties();
    copy.putAll(nodeSettings);
    return copy;
  }

  @Override
  public String toString() {
    return "SettingsFile{source=" + (source == null ? "none" : source)
        + ", caches=" + caches.keySet()
        + ", nodeSettings=" + new TreeSet<>(nodeSettings.stringPropertyNames()) + "}";
  }
}
