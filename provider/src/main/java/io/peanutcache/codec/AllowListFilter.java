package io.peanutcache.codec;

import java.io.ObjectInputFilter;
import java.util.Set;

/**
 * The {@link ObjectInputFilter} of an {@link AllowList}, for one cache's declared types or none:
 * decides every class a stream names, bounds its depth, and lets the JVM-wide filter reject too.
 * It remembers nothing between streams, so one instance serves every thread.
 */
final class AllowListFilter implements ObjectInputFilter {

  private final AllowList list;
  private final Set<Class<?>> declared;

  AllowListFilter(AllowList list, Set<Class<?>> declared) {
    this.list = list;
    this.declared = declared;
  }

  @Override
  public Status checkInput(FilterInfo info) {
    ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
    if (jvmWide != null && jvmWide.checkInput(info) == Status.REJECTED) {
      return Status.REJECTED;
    }
    if (info.depth() > AllowList.MAX_DEPTH || list.checkAddedLimits(info) == Status.REJECTED) {
      return Status.REJECTED;
    }
    Class<?> type = info.serialClass();
    return type == null ? Status.UNDECIDED : list.decide(type, declared);
  }

  /**
   * Why a step of a stream was rejected, for the message of the refusal.
   *
   * @param info the rejected step
   * @return the reason, naming the class and the setting that would allow it
   */
  String reason(FilterInfo info) {
    Class<?> type = info.serialClass();
    ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
    if (jvmWide != null && jvmWide.checkInput(info) == Status.REJECTED) {
      return (type == null ? "the stream" : "class " + type.getName())
          + " is rejected by the JVM-wide filter jdk.serialFilter";
    }
    if (type == null || info.depth() > AllowList.MAX_DEPTH) {
      return "the stream exceeds a limit (depth " + info.depth() + " of at most " + AllowList.MAX_DEPTH
          + ", " + info.references() + " references, " + info.streamBytes() + " bytes"
          + (info.arrayLength() >= 0 ? ", an array of " + info.arrayLength() : "") + ")";
    }
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    if (java.lang.reflect.Proxy.isProxyClass(element)) {
      return "class " + element.getName() + " is a dynamic proxy, which is never allowed";
    }
    return "class " + element.getName() + " is not allowed; to allow it, add " + element.getName()
        + " or " + packagePattern(element) + " to " + AllowList.SETTING + " (" + AllowList.SETTING_ALLOWED
        + ")";
  }

  private static String packagePattern(Class<?> type) {
    String name = type.getName();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot) + ".**";
  }
}
