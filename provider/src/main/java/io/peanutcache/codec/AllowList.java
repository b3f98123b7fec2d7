package io.peanutcache.codec;

import java.io.ObjectInputFilter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The classes Java serialization may create from bytes that come from another node or from etcd:
 * the JDK's value types, {@code javax.cache}'s and PeanutCache's classes, and the patterns the
 * application adds with {@value #SETTING}. Everything else is rejected, so bytes from the network
 * cannot make a node run the {@code readObject} of a class it did not mean to receive.
 *
 * <p>Built in: {@code java.lang.*} (the boxes, String, Number, Enum, exceptions), {@code
 * java.math.*}, {@code java.time.**}, {@code java.util.*} (the collections and maps), the
 * concurrent collections, atomics and TimeUnit of {@code java.util.concurrent} (with the locks a
 * serialized ConcurrentHashMap holds), {@code java.sql}'s Date, Time
 * and Timestamp, {@code javax.cache.**} and {@code io.peanutcache.**}. Patterns use the JDK's filter
 * syntax ({@code com.example.**} a package and its subpackages, {@code com.example.*} one package,
 * {@code org.acme.Money} one class, {@code org.acme.Mon*} a prefix, {@code !com.example.Bad} a
 * refusal that wins over everything else, wherever it stands, and limits such as {@code
 * maxdepth=20}), separated by commas or semicolons. Dynamic proxy classes are always rejected; an
 * array of an interface type ({@code Serializable[]}) is allowed, since each of its elements is
 * checked as the object it is.
 *
 * <p>A filter of this list also bounds what a stream may make a node spend: at most {@value
 * #MAX_DEPTH} levels of nesting, and (in {@link SerializationCodec}) no more references and no longer
 * arrays than the stream has bytes. A JVM-wide filter ({@code jdk.serialFilter}) still applies on
 * top: what it rejects stays rejected.
 *
 * <p>An allow-list grows as the CacheManagers of a node add their patterns; it never shrinks.
 * Thread-safe.
 */
public final class AllowList {

  /** The setting that adds patterns to the list. */
  public static final String SETTING = "peanutcache.serialization.allow";

  /** The deepest nesting of objects a stream may have. */
  public static final int MAX_DEPTH = 100;

  /** What the setting holds, for the messages of refusals. */
  public static final String SETTING_ALLOWED = "JDK filter patterns separated by commas, such as "
      + "com.example.** (a package and its subpackages), com.example.* (one package), "
      + "org.acme.Money (one class) or !org.acme.Bad (a refusal)";

  private static final List<String> BUILT_IN = List.of(
      "java.lang.*", "java.math.*", "java.time.**", "java.util.*",
      "java.util.concurrent.ConcurrentHashMap*", "java.util.concurrent.ConcurrentSkipList*",
      "java.util.concurrent.ConcurrentLinked*", "java.util.concurrent.CopyOnWrite*",
      "java.util.concurrent.atomic.*", "java.util.concurrent.TimeUnit",
      // the serialized form of ConcurrentHashMap holds segments, which are locks
      "java.util.concurrent.locks.ReentrantLock*", "java.util.concurrent.locks.AbstractQueuedSynchronizer",
      "java.util.concurrent.locks.AbstractOwnableSynchronizer",
      "java.sql.Date", "java.sql.Time", "java.sql.Timestamp",
      "javax.cache.**", "io.peanutcache.**");

  private static final ObjectInputFilter BUILT_IN_FILTER =
      ObjectInputFilter.Config.createFilter(String.join(";", BUILT_IN));

  private final List<String> added = new ArrayList<>();
  /** The added patterns as one filter; null while there are none. */
  private volatile ObjectInputFilter addedFilter;

  private AllowList() {}

  /**
   * A list of the built-in classes only.
   *
   * @return a new list
   */
  public static AllowList builtIn() {
    return new AllowList();
  }

  /**
   * A list of the built-in classes and {@code patterns}.
   *
   * @param patterns patterns in the JDK's filter syntax
   * @return a new list
   * @throws IllegalArgumentException if a pattern is malformed; the message names it
   */
  public static AllowList of(Collection<String> patterns) {
    AllowList list = new AllowList();
    list.add(patterns);
    return list;
  }

  /**
   * The patterns a value of {@value #SETTING} holds: split at commas and semicolons, trimmed, and
   * each checked.
   *
   * @param value the setting's value
   * @return the patterns, in order; empty for a blank value
   * @throws IllegalArgumentException if a pattern is malformed; the message names it and what is
   *     allowed
   */
  public static List<String> parse(String value) {
    List<String> patterns = new ArrayList<>();
    for (String part : value.split("[,;]")) {
      String pattern = part.trim();
      if (pattern.isEmpty()) {
        continue;
      }
      int star = pattern.indexOf('*');
      if (star >= 0 && star < pattern.length() - (pattern.endsWith(".**") ? 2 : 1)) {
        throw new IllegalArgumentException("malformed pattern \"" + pattern + "\": a * may only end "
            + "a pattern; allowed: " + SETTING_ALLOWED);
      }
      try {
        ObjectInputFilter.Config.createFilter(pattern);
      } catch (IllegalArgumentException malformed) {
        throw new IllegalArgumentException("malformed pattern \"" + pattern + "\": "
            + malformed.getMessage() + "; allowed: " + SETTING_ALLOWED, malformed);
      }
      patterns.add(pattern);
    }
    return List.copyOf(patterns);
  }

  /**
   * Adds patterns to the list; those already in it are skipped.
   *
   * @param patterns patterns in the JDK's filter syntax
   * @throws IllegalArgumentException if a pattern is malformed; nothing is added then
   */
  public synchronized void add(Collection<String> patterns) {
    List<String> next = new ArrayList<>(added);
    for (String given : patterns) {
      for (String pattern : parse(given)) {
        if (!next.contains(pattern)) {
          next.add(pattern);
        }
      }
    }
    if (next.size() == added.size()) {
      return;
    }
    // refusals first: the JDK's filter takes the first pattern that matches
    List<String> ordered = new ArrayList<>(next.stream().filter(pattern -> pattern.startsWith("!")).toList());
    next.stream().filter(pattern -> !pattern.startsWith("!")).forEach(ordered::add);
    ObjectInputFilter filter = ObjectInputFilter.Config.createFilter(String.join(";", ordered));
    added.clear();
    added.addAll(next);
    addedFilter = filter;
  }

  /**
   * The patterns added to the built-in ones.
   *
   * @return the patterns, in the order they were added
   */
  public synchronized List<String> patterns() {
    return List.copyOf(added);
  }

  /**
   * Whether the list allows a class: for checking a class a definition names before anything of
   * it runs.
   *
   * @param type the class, loaded without being initialised
   * @return true if the list allows it
   */
  public boolean allows(Class<?> type) {
    return decide(type, Set.of()) == ObjectInputFilter.Status.ALLOWED;
  }

  /**
   * A filter of this list, for bytes that carry no declared types: cache definitions and the
   * causes of failures.
   *
   * @return the filter; it follows later additions to the list
   */
  public ObjectInputFilter filter() {
    return new AllowListFilter(this, Set.of());
  }

  /**
   * A filter of this list and of a cache's declared key and value types: the types themselves,
   * their serializable superclasses and the classes of their serialized fields, as far as they go.
   *
   * @param declaredTypes the key and value types of the cache's configuration
   * @return the filter; it follows later additions to the list
   */
  public ObjectInputFilter filter(Class<?>... declaredTypes) {
    return new AllowListFilter(this, DeclaredTypes.closure(declaredTypes));
  }

  /**
   * Decides a class: ALLOWED or REJECTED, never UNDECIDED.
   *
   * @param type the class a stream names
   * @param declared the classes of the cache's declared types
   * @return the decision
   */
  ObjectInputFilter.Status decide(Class<?> type, Set<Class<?>> declared) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    if (element.isPrimitive() || (type.isArray() && element.isInterface())) {
      // no object is ever of an interface: an array of one only holds objects checked on their own
      return ObjectInputFilter.Status.ALLOWED;
    }
    if (Proxy.isProxyClass(element)) {
      return ObjectInputFilter.Status.REJECTED;
    }
    ObjectInputFilter filter = addedFilter;
    if (filter != null) {
      ObjectInputFilter.Status status = filter.checkInput(ClassOnly.of(element));
      if (status != ObjectInputFilter.Status.UNDECIDED) {
        return status;
      }
    }
    if (BUILT_IN_FILTER.checkInput(ClassOnly.of(element)) == ObjectInputFilter.Status.ALLOWED
        || declared.contains(element)) {
      return ObjectInputFilter.Status.ALLOWED;
    }
    return ObjectInputFilter.Status.REJECTED;
  }

  /**
   * Checks the limits the added patterns set ({@code maxdepth=}, {@code maxrefs=}, ...) on one
   * step of a stream.
   *
   * @param info the step
   * @return REJECTED if a limit is exceeded, otherwise UNDECIDED
   */
  ObjectInputFilter.Status checkAddedLimits(ObjectInputFilter.FilterInfo info) {
    ObjectInputFilter filter = addedFilter;
    if (filter == null || info.serialClass() != null) {
      return ObjectInputFilter.Status.UNDECIDED;
    }
    return filter.checkInput(info) == ObjectInputFilter.Status.REJECTED
        ? ObjectInputFilter.Status.REJECTED : ObjectInputFilter.Status.UNDECIDED;
  }

  @Override
  public String toString() {
    return "AllowList" + BUILT_IN + " + " + patterns();
  }

  /** One class to check against patterns, with no stream around it. */
  private record ClassOnly(Class<?> serialClass) implements ObjectInputFilter.FilterInfo {

    static ClassOnly of(Class<?> type) {
      return new ClassOnly(type);
    }

    @Override
    public long arrayLength() {
      return -1;
    }

    @Override
    public long depth() {
      return 1;
    }

    @Override
    public long references() {
      return 1;
    }

    @Override
    public long streamBytes() {
      return 0;
    }
  }
}
