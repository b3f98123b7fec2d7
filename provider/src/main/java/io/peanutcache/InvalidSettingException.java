package io.peanutcache;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import javax.cache.CacheException;

/**
 * A setting PeanutCache cannot use: its key, its value and what would be allowed instead, and the
 * file it was read from when there is one.
 *
 * <p>The message reads {@code invalid setting <key>=<value> (in <source>): allowed: <allowed>}, for
 * example {@code invalid setting peanutcache.cache.scores.maximum-entries=abc (in
 * classpath:peanutcache.properties): allowed: a whole number of at least 1}; the {@code (in ...)}
 * part is left out when there is no source.
 */
public class InvalidSettingException extends CacheException {

  private static final long serialVersionUID = 1L;

  /** The setting's key. */
  private final String key;

  /** The setting's value, as it was read. */
  private final String value;

  /** What the value (or the key) could be instead. */
  private final String allowed;

  /** The file the setting was read from, or null. */
  private final URI source;

  /**
   * A setting that is invalid wherever it came from.
   *
   * @param key the setting's key
   * @param value the setting's value, as it was read
   * @param allowed what the value (or the key) could be instead
   * @throws NullPointerException if {@code key}, {@code value} or {@code allowed} is null
   */
  public InvalidSettingException(String key, String value, String allowed) {
    this(key, value, allowed, null, null);
  }

  /**
   * A setting that is invalid wherever it came from, because of {@code cause}.
   *
   * @param key the setting's key
   * @param value the setting's value, as it was read
   * @param allowed what the value (or the key) could be instead
   * @param cause why the value could not be used, or null
   * @throws NullPointerException if {@code key}, {@code value} or {@code allowed} is null
   */
  public InvalidSettingException(String key, String value, String allowed, Throwable cause) {
    this(key, value, allowed, null, cause);
  }

  /**
   * A setting read from {@code source} that is invalid.
   *
   * @param key the setting's key
   * @param value the setting's value, as it was read
   * @param allowed what the value (or the key) could be instead
   * @param source the URI of the file the setting was read from, or null
   * @param cause why the value could not be used, or null
   * @throws NullPointerException if {@code key}, {@code value} or {@code allowed} is null
   */
  public InvalidSettingException(
      String key, String value, String allowed, URI source, Throwable cause) {
    super(message(key, value, allowed, source), cause);
    this.key = key;
    this.value = value;
    this.allowed = allowed;
    this.source = source;
  }

  private static String message(String key, String value, String allowed, URI source) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(allowed, "allowed");
    String in = source == null ? "" : " (in " + source + ")";
    return "invalid setting " + key + "=" + value + in + ": allowed: " + allowed;
  }

  /**
   * The same invalid setting, said to be read from {@code source}; the cause is kept.
   *
   * @param source the URI of the file the setting was read from
   * @return a new exception naming {@code source}
   * @throws NullPointerException if {@code source} is null
   */
  public InvalidSettingException withSource(URI source) {
    Objects.requireNonNull(source, "source");
    InvalidSettingException located =
        new InvalidSettingException(key, value, allowed, source, getCause());
    located.setStackTrace(getStackTrace());
    return located;
  }

  /**
   * The setting's key.
   *
   * @return the key
   */
  public String getKey() {
    return key;
  }

  /**
   * The setting's value, as it was read.
   *
   * @return the value
   */
  public String getValue() {
    return value;
  }

  /**
   * What the value (or the key) could be instead.
   *
   * @return a description of the allowed values
   */
  public String getAllowed() {
    return allowed;
  }

  /**
   * The file the setting was read from.
   *
   * @return the file's URI, or empty when the setting did not come from a file
   */
  public Optional<URI> getSource() {
    return Optional.ofNullable(source);
  }
}
