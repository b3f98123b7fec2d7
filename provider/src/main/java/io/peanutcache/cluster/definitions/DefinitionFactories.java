package io.peanutcache.cluster.definitions;

import io.peanutcache.CodecException;
import io.peanutcache.PeanutConfiguration;
import io.peanutcache.codec.AllowList;
import java.lang.reflect.Field;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryListener;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * Checks the factories of a configuration that came from another node or from etcd before any of
 * them runs: each may only make a loader, writer, expiry policy, listener or listener filter of a
 * class of the expected interface that the node's allow-list allows.
 *
 * <p>A {@link FactoryBuilder.ClassFactory} names its class as a string, which no stream filter
 * sees: the class is loaded without being initialised, its type checked, and only then may the
 * factory create it. A {@link FactoryBuilder.SingletonFactory} holds an instance that was decoded
 * under the allow-list already; its type is checked. Any other factory is an object of a class the
 * allow-list let through when the configuration was decoded, so the application allowed it.
 */
final class DefinitionFactories {

  private static final Field CLASS_NAME = classNameField();

  private DefinitionFactories() {}

  /**
   * Checks every factory of a configuration.
   *
   * @param cacheName the cache's name, for the message
   * @param configuration the configuration, decoded under {@code allowList}
   * @param allowList the node's allow-list
   * @param classLoader loads the classes the factories name
   * @throws CodecException if a factory names a class that cannot be loaded, is not of the
   *     expected interface, or is not allowed; the message names the class and what is allowed
   */
  static void check(String cacheName, PeanutConfiguration<?, ?> configuration, AllowList allowList,
      ClassLoader classLoader) {
    check(cacheName, "loader", configuration.getCacheLoaderFactory(), CacheLoader.class, allowList, classLoader);
    check(cacheName, "writer", configuration.getCacheWriterFactory(), CacheWriter.class, allowList, classLoader);
    check(cacheName, "expiry policy", configuration.getExpiryPolicyFactory(), ExpiryPolicy.class, allowList,
        classLoader);
    for (CacheEntryListenerConfiguration<?, ?> listener : configuration.getCacheEntryListenerConfigurations()) {
      check(cacheName, "listener", listener.getCacheEntryListenerFactory(), CacheEntryListener.class, allowList,
          classLoader);
      check(cacheName, "listener filter", listener.getCacheEntryEventFilterFactory(), CacheEntryEventFilter.class,
          allowList, classLoader);
    }
  }

  private static void check(String cacheName, String role, Factory<?> factory, Class<?> expected,
      AllowList allowList, ClassLoader classLoader) {
    if (factory instanceof FactoryBuilder.ClassFactory<?> named) {
      Class<?> type = load(cacheName, role, className(named), classLoader);
      if (!expected.isAssignableFrom(type)) {
        throw refused(cacheName, role, type.getName(), "is not a " + expected.getName()
            + "; allowed: a class that implements it");
      }
      if (!allowList.allows(type)) {
        throw refused(cacheName, role, type.getName(), "is not allowed; to allow it, add " + type.getName()
            + " to " + AllowList.SETTING + " (" + AllowList.SETTING_ALLOWED + ")");
      }
    } else if (factory instanceof FactoryBuilder.SingletonFactory<?> singleton) {
      // creating returns the instance the stream held: no code of it runs
      Object instance = singleton.create();
      if (instance != null && !expected.isInstance(instance)) {
        throw refused(cacheName, role, instance.getClass().getName(), "is not a " + expected.getName()
            + "; allowed: a class that implements it");
      }
    }
  }

  private static Class<?> load(String cacheName, String role, String name, ClassLoader classLoader) {
    if (name == null) {
      throw refused(cacheName, role, "null", "names no class");
    }
    try {
      return Class.forName(name, false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw refused(cacheName, role, name, "cannot be loaded through " + classLoader + ": " + e);
    }
  }

  private static String className(FactoryBuilder.ClassFactory<?> factory) {
    try {
      return (String) CLASS_NAME.get(factory);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read the class a ClassFactory names", e);
    }
  }

  private static Field classNameField() {
    try {
      Field field = FactoryBuilder.ClassFactory.class.getDeclaredField("className");
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException | RuntimeException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static CodecException refused(String cacheName, String role, String className, String why) {
    return new CodecException("the definition of cache " + cacheName + " is refused: its " + role
        + " factory names class " + className + ", which " + why);
  }
}
