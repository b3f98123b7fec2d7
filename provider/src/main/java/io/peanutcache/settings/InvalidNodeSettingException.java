package io.peanutcache.settings;

import java.net.URI;
import io.peanutcache.InvalidSettingException;

/**
 * An invalid node setting. Node settings come from places that have no URI (a system property, an
 * environment variable, the CacheManager's properties), so the message names the place in words:
 * {@code invalid setting <key>=<value> (in <where>): allowed: <allowed>}, for example
 * {@code invalid setting peanutcache.partitions=0 (in environment variable
 * PEANUTCACHE_PARTITIONS): allowed: a whole number from 1 to 65536}.
 *
 * <p>{@link #getSource()} gives the settings file's URI when the setting was read from one.
 */
final class InvalidNodeSettingException extends InvalidSettingException {

  private static final long serialVersionUID = 1L;

  /** Where the setting was found, in words. */
  private final String where;

  /**
   * An invalid node setting found in {@code where}.
   *
   * @param key the setting's key
   * @param value the setting's value, as it was read
   * @param allowed what the value (or the key) could be instead
   * @param where where the setting was found, such as {@code system property}
   * @param file the URI of the settings file the setting was read from, or null
   * @param cause why the value could not be used, or null
   */
  InvalidNodeSettingException(
      String key, String value, String allowed, String where, URI file, Throwable cause) {
    super(key, value, allowed, file, cause);
    this.where = where;
  }

  @Override
  public String getMessage() {
    return "invalid setting " + getKey() + "=" + getValue() + " (in " + where + "): allowed: "
        + getAllowed();
  }

  /**
   * Where the setting was found.
   *
   * @return the place in words, such as {@code environment variable PEANUTCACHE_PEERS}
   */
  String where() {
    return where;
  }
}
