package io.peanutcache.spring.boot;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.codec.AllowList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The patterns the starter gives the node's {@value AllowList#SETTING}, so that a clustered
 * application caches Spring's keys and its own types without configuration: the application's
 * own patterns (the property), Spring's classes that the caches store, and the application's
 * packages. A node decodes a key, value or entry processor from another node only if the list
 * allows every class in it.
 */
final class SerializationAllow {

  /**
   * Spring's classes that the caches store and send to the keys' owners: the key of a method with
   * no parameter or with several, and the marker of a cached null.
   */
  static final List<String> SPRING = List.of(
      "org.springframework.cache.interceptor.SimpleKey",
      "org.springframework.cache.support.NullValue");

  private SerializationAllow() {}

  /**
   * The patterns, in order: the application's first, so that a refusal of its own
   * ({@code !com.example.internal.**}) comes before the packages added after it.
   *
   * @param configured the patterns of {@value AllowList#SETTING}
   * @param applicationPackages the application's packages (Spring Boot's auto-configuration
   *     packages): each with its subpackages; a package of one name ({@code acme}) without them,
   *     since {@code com.**} or {@code org.**} would allow most libraries; the default package
   *     not at all
   * @return the patterns, without repeats
   * @throws InvalidSettingException naming {@value AllowList#SETTING}, if a configured pattern is
   *     malformed
   */
  static List<String> patterns(List<String> configured, Collection<String> applicationPackages) {
    List<String> patterns = new ArrayList<>();
    String value = String.join(",", configured);
    try {
      add(patterns, AllowList.parse(value));
    } catch (IllegalArgumentException malformed) {
      throw new InvalidSettingException(AllowList.SETTING, value, AllowList.SETTING_ALLOWED,
          malformed);
    }
    add(patterns, SPRING);
    for (String name : applicationPackages) {
      if (!name.isEmpty()) {
        add(patterns, List.of(name.contains(".") ? name + ".**" : name + ".*"));
      }
    }
    return List.copyOf(patterns);
  }

  private static void add(List<String> patterns, List<String> more) {
    more.stream().filter(pattern -> !patterns.contains(pattern)).forEach(patterns::add);
  }
}
