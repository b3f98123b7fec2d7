package io.peanutcache.settings;

import io.peanutcache.config.SettingsFile;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import io.peanutcache.InvalidSettingException;

/**
 * The name a CacheManager's caches have in the cluster: with a cache's name, it is the cache's
 * identity, the same on every node that runs the same application, wherever that application is
 * installed.
 *
 * <h2>The rule</h2>
 *
 * <p>A CacheManager named explicitly by {@value #MANAGER_PROPERTY} has that name (trimmed) as its
 * identity. The setting is read from the {@code Properties} given to
 * {@code getCacheManager(uri, classLoader, properties)}, which win, then from the settings file
 * the URI names; never from system properties or environment variables, which would give every
 * CacheManager of the JVM one identity. Otherwise the identity comes from the URI:
 *
 * <ul>
 *   <li>a {@code jar:} URI (any nesting: {@code jar:file:/opt/app/app-1.0.jar!/peanutcache.properties},
 *       {@code jar:nested:/app.jar/!BOOT-INF/classes/!/peanutcache.properties}) is
 *       {@code classpath:<the entry after the last "!/">}, leading slashes removed;
 *   <li>a {@code classpath:} URI is {@code classpath:<its resource name>}, leading slashes removed;
 *   <li>a {@code file:} URI that the CacheManager's ClassLoader also reaches as a resource is
 *       {@code classpath:<resource name>}, for the shortest suffix of the file's path that the
 *       ClassLoader resolves to that very file (so {@code file:/src/app/target/classes/peanutcache.properties}
 *       is {@code classpath:peanutcache.properties}, as the same file inside the jar is); any
 *       other {@code file:} URI is itself;
 *   <li>any other URI, a name ({@code urn:peanutcache:default}, {@code MyManager}), is itself.
 * </ul>
 *
 * <p>So one settings resource gives one identity on every node, whichever jar or directory holds
 * it; CacheManagers of one JVM whose identities are equal share their caches, as nodes do; and
 * the JSR-107 surface ({@code getURI()}, MXBean names, the provider's managers by URI) keeps the
 * real URI.
 */
public final class ManagerIdentity {

  /** The key that names a CacheManager in the cluster explicitly. */
  public static final String MANAGER_PROPERTY = "peanutcache.manager";

  /** The longest explicit name allowed, in chars. */
  public static final int MAXIMUM_LENGTH = 255;

  /** What {@value #MANAGER_PROPERTY} may be. */
  static final String ALLOWED = "a name of 1 to " + MAXIMUM_LENGTH + " characters without control"
      + " characters, the same on every node that shares the caches (bookstore)";

  private static final String CLASSPATH = "classpath:";

  private ManagerIdentity() {}

  /**
   * The identity of a CacheManager, by the rule above.
   *
   * @param uri the CacheManager's URI
   * @param classLoader the CacheManager's ClassLoader
   * @param managerProperties the properties given to the CacheManager, or null for none
   * @param settings the settings file {@code uri} names, or {@link SettingsFile#empty()}
   * @return the identity
   * @throws InvalidSettingException naming the key, the value and where it was found, if
   *     {@value #MANAGER_PROPERTY} is blank, longer than {@value #MAXIMUM_LENGTH} chars, holds a
   *     control character or is not a String
   * @throws NullPointerException if {@code uri}, {@code classLoader} or {@code settings} is null
   */
  public static String of(URI uri, ClassLoader classLoader, Properties managerProperties,
      SettingsFile settings) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(classLoader, "classLoader");
    Objects.requireNonNull(settings, "settings");
    return explicit(managerProperties, settings).orElseGet(() -> ofLocation(uri, classLoader));
  }

  /**
   * The identity a CacheManager URI gives when no name is set explicitly.
   *
   * @param uri the CacheManager's URI
   * @param classLoader the CacheManager's ClassLoader, which resolves {@code file:} URIs
   * @return the identity
   * @throws NullPointerException if either argument is null
   */
  public static String ofLocation(URI uri, ClassLoader classLoader) {
    Objects.requireNonNull(classLoader, "classLoader");
    String scheme = Objects.requireNonNull(uri, "uri").getScheme();
    if ("jar".equalsIgnoreCase(scheme)) {
      return ofJarEntry(uri);
    }
    if ("classpath".equalsIgnoreCase(scheme)) {
      return CLASSPATH + resourceName(uri.getSchemeSpecificPart());
    }
    if ("file".equalsIgnoreCase(scheme)) {
      return ofFile(uri, classLoader);
    }
    return uri.toString();
  }

  private static Optional<String> explicit(Properties managerProperties, SettingsFile settings) {
    if (managerProperties != null) {
      Object value = managerProperties.get(MANAGER_PROPERTY);
      if (value == null) {
        value = managerProperties.getProperty(MANAGER_PROPERTY);
      }
      if (value != null) {
        return Optional.of(checked(value, NodeSettingSources.MANAGER_PROPERTIES, null));
      }
    }
    String inFile = settings.nodeSettings().getProperty(MANAGER_PROPERTY);
    if (inFile != null) {
      URI file = settings.source().orElse(null);
      return Optional.of(checked(inFile,
          file == null ? NodeSettingSources.UNNAMED_FILE : file.toString(), file));
    }
    return Optional.empty();
  }

  private static String checked(Object value, String where, URI file) {
    if (!(value instanceof String text)) {
      throw new InvalidNodeSettingException(MANAGER_PROPERTY, String.valueOf(value),
          "a String value, not a " + value.getClass().getName(), where, file, null);
    }
    String name = text.trim();
    if (name.isEmpty() || name.length() > MAXIMUM_LENGTH
        || name.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidNodeSettingException(
          MANAGER_PROPERTY, printable(name), ALLOWED, where, file, null);
    }
    return name;
  }

  /** The value with its control characters escaped, so that the message stays on one line. */
  private static String printable(String value) {
    StringBuilder printable = new StringBuilder();
    value.chars().forEach(c -> printable.append(Character.isISOControl(c)
        ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return printable.toString();
  }

  private static String ofJarEntry(URI uri) {
    String path = uri.getSchemeSpecificPart();
    int separator = path == null ? -1 : path.lastIndexOf("!/");
    String entry = separator < 0 ? "" : resourceName(path.substring(separator + 2));
    return entry.isEmpty() ? uri.toString() : CLASSPATH + entry;
  }

  private static String ofFile(URI uri, ClassLoader classLoader) {
    Path file;
    try {
      file = Path.of(uri).toAbsolutePath().normalize();
    } catch (IllegalArgumentException | FileSystemNotFoundException | SecurityException notAPath) {
      return uri.toString();
    }
    int names = file.getNameCount();
    for (int first = names - 1; first >= 0; first--) {
      String name = file.subpath(first, names).toString().replace(file.getFileSystem().getSeparator(), "/");
      URL resource = classLoader.getResource(name);
      if (resource != null && isFile(resource, file)) {
        return CLASSPATH + name;
      }
    }
    return uri.toString();
  }

  /** Whether a resource's URL is the file {@code file}, a link to it included. */
  private static boolean isFile(URL resource, Path file) {
    if (!"file".equalsIgnoreCase(resource.getProtocol())) {
      return false;
    }
    try {
      Path found = Path.of(resource.toURI()).toAbsolutePath().normalize();
      return found.equals(file) || Files.isSameFile(found, file);
    } catch (URISyntaxException | IllegalArgumentException | IOException | SecurityException e) {
      return false;
    }
  }

  private static String resourceName(String name) {
    return name == null ? "" : name.replaceFirst("^/+", "");
  }
}
