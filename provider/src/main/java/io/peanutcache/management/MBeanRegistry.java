package io.peanutcache.management;

import java.lang.management.ManagementFactory;
import java.net.URI;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans in the platform MBeanServer as
 * {@code javax.cache:type=CacheStatistics|CacheConfiguration,CacheManager=<uri>,Cache=<name>}, with
 * the characters an ObjectName value cannot hold ({@code , : = *} {@code ?} and line breaks)
 * replaced by dots.
 */
public final class MBeanRegistry {

  private MBeanRegistry() {}

  /**
   * The ObjectName of a cache's MXBean.
   *
   * @param managerUri the CacheManager's URI
   * @param cacheName the cache's name
   * @param kind which bean
   * @return the name
   */
  public static ObjectName objectName(URI managerUri, String cacheName, MBeanKind kind) {
    String name = "javax.cache:type=" + kind.type()
        + ",CacheManager=" + safe(managerUri.toString())
        + ",Cache=" + safe(cacheName);
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new CacheException("cannot name the MBean " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The ObjectName of a node's view of the cluster:
   * {@code io.peanutcache:type=Node,name=<node name>}.
   *
   * @param nodeName the node's name
   * @return the name
   */
  public static ObjectName nodeObjectName(String nodeName) {
    String name = "io.peanutcache:type=Node,name=" + safe(nodeName);
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new CacheException("cannot name the MBean " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Registers {@code bean} under its name unless a bean is registered there already.
   *
   * @param bean the MXBean
   * @param name its ObjectName
   * @throws CacheException if the MBeanServer refuses the bean
   */
  public static void register(Object bean, ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      // registered concurrently under the same name: the cache's bean is there, as wanted
    } catch (JMException e) {
      throw new CacheException("cannot register the MBean " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes the bean registered under {@code name}, if any.
   *
   * @param name the ObjectName
   */
  public static void unregister(ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      server.unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      // not registered: nothing to remove
    } catch (JMException e) {
      throw new CacheException("cannot unregister the MBean " + name + ": " + e.getMessage(), e);
    }
  }

  private static String safe(String value) {
    return value.replaceAll("[,:=*?\n\r]", ".");
  }
}
