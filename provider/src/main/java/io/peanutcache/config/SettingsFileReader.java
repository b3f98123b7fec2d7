package io.peanutcache.config;

import io.peanutcache.InvalidSettingException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads the properties file a CacheManager URI names: a {@code file:} URI names a file, a
 * {@code classpath:} URI a resource of the CacheManager's ClassLoader, any other absolute URI whose
 * path ends in {@value #EXTENSION} ({@code jar:file:/app.jar!/peanutcache.properties}, as Spring
 * Boot and Hibernate hand it over) the resource its URL opens, and any other URI no file at all,
 * because CacheManagers are often made with URIs that only tell them apart.
 */
final class SettingsFileReader {

  static final String KEY = "CacheManager URI";

  static final String EXTENSION = ".properties";

  static final String ALLOWED = "a URI naming a readable UTF-8 properties file: file: or"
      + " classpath: (file:/etc/app/peanutcache.properties, classpath:peanutcache.properties), or"
      + " any URL the JVM opens whose path ends in .properties"
      + " (jar:file:/app.jar!/peanutcache.properties); other URIs are names and read no file";

  private SettingsFileReader() {}

  /**
   * Whether {@code uri} names a settings file: a {@code file:} or {@code classpath:} URI, or an
   * absolute URI of another scheme whose path ends in {@value #EXTENSION}.
   */
  static boolean namesAFile(URI uri) {
    String scheme = uri.getScheme();
    if (scheme == null) {
      return false;
    }
    if ("file".equalsIgnoreCase(scheme) || "classpath".equalsIgnoreCase(scheme)) {
      return true;
    }
    return path(uri).endsWith(EXTENSION);
  }

  /**
   * Reads the file {@code uri} names, strictly as UTF-8.
   *
   * @return the file's properties, or empty when {@code uri} {@linkplain #namesAFile names no file}
   * @throws InvalidSettingException naming the URI, if the file or resource is missing, unreadable
   *     or not a valid properties file
   */
  static Optional<Properties> read(URI uri, ClassLoader classLoader) {
    if (!namesAFile(uri)) {
      return Optional.empty();
    }
    String scheme = uri.getScheme();
    try {
      if ("file".equalsIgnoreCase(scheme)) {
        return Optional.of(readFile(uri));
      }
      if ("classpath".equalsIgnoreCase(scheme)) {
        return Optional.of(readResource(uri, classLoader));
      }
      return Optional.of(readUrl(uri));
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidSettingException(KEY, uri.toString(), ALLOWED, e);
    }
  }

  /** The path of a hierarchical URI, or the scheme-specific part of an opaque one such as jar:. */
  private static String path(URI uri) {
    String path = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
    return path == null ? "" : path;
  }

  private static Properties readFile(URI uri) throws IOException {
    try (Reader reader = Files.newBufferedReader(Path.of(uri), StandardCharsets.UTF_8)) {
      return load(reader);
    }
  }

  private static Properties readResource(URI uri, ClassLoader classLoader) throws IOException {
    String name = uri.getSchemeSpecificPart().replaceFirst("^/+", "");
    InputStream resource = name.isEmpty() ? null : classLoader.getResourceAsStream(name);
    if (resource == null) {
      throw new FileNotFoundException("no resource '" + name + "' visible to " + classLoader);
    }
    return load(resource);
  }

  /**
   * Reads through the URI's URL without the JVM's cache of opened jars, so that the file is read
   * as it is now and a jar is not held open after the read.
   */
  private static Properties readUrl(URI uri) throws IOException {
    URLConnection connection = uri.toURL().openConnection();
    connection.setUseCaches(false);
    return load(connection.getInputStream());
  }

  private static Properties load(InputStream input) throws IOException {
    try (Reader reader = new InputStreamReader(input, StandardCharsets.UTF_8.newDecoder())) {
      return load(reader);
    }
  }

  private static Properties load(Reader reader) throws IOException {
    Properties properties = new Properties();
    properties.load(reader);
    return properties;
  }
}
