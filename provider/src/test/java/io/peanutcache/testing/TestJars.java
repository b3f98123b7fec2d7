package io.peanutcache.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Jars that hold a settings file, as an application's jar does, and the class loaders that run
 * them: what Spring Boot and Hibernate turn {@code classpath:peanutcache.properties} into.
 */
public final class TestJars {

  private TestJars() {}

  /**
   * Writes a jar holding one entry, {@code entry}, of {@code lines} in UTF-8.
   *
   * @param jar where to write the jar
   * @param entry the entry's name, such as {@code peanutcache.properties}
   * @param lines the entry's lines
   * @return {@code jar}
   */
  public static Path write(Path jar, String entry, String... lines) {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(entry));
      out.write((String.join("\n", List.of(lines)) + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }

  /**
   * A class loader over {@code jar} whose parent is the tests' class loader, so that the classes
   * a settings file names are found.
   *
   * @param jar the jar
   * @return a new class loader, to be closed by the caller
   */
  public static URLClassLoader loaderOf(Path jar) {
    try {
      return new URLClassLoader(new URL[] {jar.toUri().toURL()}, TestJars.class.getClassLoader());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The URI {@code loader} gives the resource {@code name}, as frameworks pass it to the provider:
   * {@code jar:file:/.../app.jar!/peanutcache.properties}.
   *
   * @param loader the class loader
   * @param name the resource's name
   * @return its URI
   * @throws IllegalStateException if {@code loader} has no such resource
   */
  public static URI resourceUri(ClassLoader loader, String name) {
    URL resource = loader.getResource(name);
    if (resource == null) {
      throw new IllegalStateException("no resource " + name + " in " + loader);
    }
    try {
      return resource.toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
