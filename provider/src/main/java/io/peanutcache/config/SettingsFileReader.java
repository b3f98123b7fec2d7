package io.peanutcache.config;

import io.peanutcache.InvalidSettingException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads the properties file a CacheManager URI names: a {@code file:} URI names a file, a
 * {@code classpath:} URI a resource of the CacheManager's ClassLoader, and any other URI no file at
 * all, because CacheManagers are often made with URIs that only tell them apart.
 */
final class SettingsFileReader {

  static final String KEY = "CacheManager URI";

  static final String ALLOWED = "a file: or classpath: URI naming a readable UTF-8 properties"
      + " file (file:/etc/app/peanutcache.properties, classpath:peanutcache.properties)";

  private SettingsFileReader() {}

  /**
   * Reads the file {@code uri} names, strictly as UTF-8.
   *
   * @return the file's properties, or empty when {@code uri} is not a {@code file:} or
   *     {@code classpath:} URI
   * @throws InvalidSettingException naming the URI, if the file or resource is missing, unreadable
   *     or not a valid properties file
   */
  static Optional<Properties> read(URI uri, ClassLoader classLoader) {
    String scheme = uri.getScheme();
    try {
      if ("file".equalsIgnoreCase(scheme)) {
        return Optional.of(readFile(uri));
      }
      if ("classpath".equalsIgnoreCase(scheme)) {
        return Optional.of(readResource(uri, classLoader));
      }
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidSettingException(KEY, uri.toString(), ALLOWED, e);
    }
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
    try (Reader reader = new InputStreamReader(resource, StandardCharsets.UTF_8.newDecoder())) {
      return load(reader);
    }
  }

  private static Properties load(Reader reader) throws IOException {
    Properties properties = new Properties();
    properties.load(reader);
    return properties;
  }
}
