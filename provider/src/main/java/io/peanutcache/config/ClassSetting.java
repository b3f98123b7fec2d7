package io.peanutcache.config;

import io.peanutcache.InvalidSettingException;
import java.lang.reflect.Modifier;

/**
 * Reads a setting that names a class, loaded with the CacheManager's ClassLoader so that a wrong
 * name is reported when the file is loaded rather than when a cache is made.
 */
final class ClassSetting {

  static final String ALLOWED_TYPE = "the binary name of a class visible to the CacheManager's"
      + " ClassLoader (java.lang.String, com.example.Outer$Inner)";

  private ClassSetting() {}

  /**
   * Loads the class named by {@code value}, already trimmed, without initializing it.
   *
   * @throws InvalidSettingException if no such class is visible to {@code classLoader}
   */
  static Class<?> type(String key, String value, ClassLoader classLoader) {
    return load(key, value, classLoader, ALLOWED_TYPE);
  }

  /**
   * Checks that {@code value}, already trimmed, names a public, concrete class implementing
   * {@code required} with a public no-arg constructor, so a factory can make instances of it.
   *
   * @return the class name
   * @throws InvalidSettingException if the class is missing or cannot be made as a {@code required}
   */
  static String implementation(
      String key, String value, ClassLoader classLoader, Class<?> required) {
    String allowed = "the binary name of a public class implementing " + required.getName()
        + " with a public no-arg constructor, visible to the CacheManager's ClassLoader";
    Class<?> type = load(key, value, classLoader, allowed);
    if (!required.isAssignableFrom(type)
        || !Modifier.isPublic(type.getModifiers())
        || Modifier.isAbstract(type.getModifiers())) {
      throw new InvalidSettingException(key, value, allowed);
    }
    try {
      type.getConstructor();
    } catch (NoSuchMethodException noPublicConstructor) {
      throw new InvalidSettingException(key, value, allowed, noPublicConstructor);
    }
    return type.getName();
  }

  private static Class<?> load(String key, String value, ClassLoader classLoader, String allowed) {
    try {
      return Class.forName(value, false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new InvalidSettingException(key, value, allowed, e);
    }
  }
}
