package io.peanutcache.codec;

import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * The classes a cache's declared key and value types bring with them: the types, their
 * serializable superclasses, and the declared classes of their serialized fields, and so on from
 * those. A stream names a superclass before the class that extends it, so the whole set is worked
 * out when the cache is defined, from the application's own classes, never from a stream.
 *
 * <p>Only exact classes count: a field declared as an interface or as {@code Object} adds nothing,
 * since no stream names an interface as the class of an object.
 */
final class DeclaredTypes {

  private DeclaredTypes() {}

  /**
   * The closure of the declared types.
   *
   * @param declaredTypes the key and value types; {@code Object} and interfaces add nothing
   * @return the classes, unmodifiable
   */
  static Set<Class<?>> closure(Class<?>... declaredTypes) {
    Set<Class<?>> found = new HashSet<>();
    Deque<Class<?>> pending = new ArrayDeque<>();
    for (Class<?> type : declaredTypes) {
      pending.add(type);
    }
    while (!pending.isEmpty()) {
      Class<?> type = element(pending.remove());
      if (type.isPrimitive() || type.isInterface() || type == Object.class
          || !Serializable.class.isAssignableFrom(type) || !found.add(type)) {
        continue;
      }
      pending.add(type.getSuperclass());
      ObjectStreamClass form = ObjectStreamClass.lookup(type);
      if (form != null) {
        for (ObjectStreamField field : form.getFields()) {
          pending.add(field.getType());
        }
      }
    }
    return Set.copyOf(found);
  }

  private static Class<?> element(Class<?> type) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    return element;
  }
}
