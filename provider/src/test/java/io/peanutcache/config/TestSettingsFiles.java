package io.peanutcache.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.peanutcache.InvalidSettingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes settings files for tests and loads them with the test ClassLoader. */
final class TestSettingsFiles {

  private TestSettingsFiles() {}

  /** Writes {@code lines} to {@code peanutcache.properties} in {@code directory}. */
  static URI write(Path directory, String... lines) {
    Path file = directory.resolve("peanutcache.properties");
    try {
      Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.toUri();
  }

  /** Writes {@code lines} to a file in {@code directory} and loads it. */
  static SettingsFile load(Path directory, String... lines) {
    return SettingsFile.load(write(directory, lines), classLoader());
  }

  /** Writes {@code lines} to a file in {@code directory} and expects loading it to fail. */
  static InvalidSettingException loadFails(Path directory, String... lines) {
    URI uri = write(directory, lines);
    return assertThrows(InvalidSettingException.class, () -> SettingsFile.load(uri, classLoader()));
  }

  static ClassLoader classLoader() {
    return TestSettingsFiles.class.getClassLoader();
  }
}
