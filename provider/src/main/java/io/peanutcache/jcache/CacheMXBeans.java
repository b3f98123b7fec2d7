package io.peanutcache.jcache;

import io.peanutcache.PeanutConfiguration;
import io.peanutcache.management.CacheConfigurationBean;
import io.peanutcache.management.CacheStatistics;
import io.peanutcache.management.MBeanKind;
import io.peanutcache.management.MBeanRegistry;
import java.net.URI;
import javax.management.ObjectName;

/**
 * The two MXBeans of a cache handle, its statistics and its configuration, each registered under
 * the name JSR-107 gives it while the configuration enables it.
 */
final class CacheMXBeans {

  private final PeanutConfiguration<?, ?> settings;
  private final CacheStatistics statistics;
  private final CacheConfigurationBean configuration;
  private final ObjectName statisticsName;
  private final ObjectName configurationName;

  CacheMXBeans(URI managerUri, String cacheName, PeanutConfiguration<?, ?> settings,
      CacheStatistics statistics, CacheConfigurationBean configuration) {
    this.settings = settings;
    this.statistics = statistics;
    this.configuration = configuration;
    this.statisticsName = MBeanRegistry.objectName(managerUri, cacheName, MBeanKind.STATISTICS);
    this.configurationName = MBeanRegistry.objectName(managerUri, cacheName, MBeanKind.CONFIGURATION);
  }

  /** Turns counting on or off in the configuration and the statistics, and shows their bean or not. */
  void enableStatistics(boolean enabled) {
    settings.setStatisticsEnabled(enabled);
    statistics.setEnabled(enabled);
    show(statistics, statisticsName, enabled);
  }

  /** Turns management on or off in the configuration, and shows the configuration's bean or not. */
  void enableManagement(boolean enabled) {
    settings.setManagementEnabled(enabled);
    show(configuration, configurationName, enabled);
  }

  /** Removes both beans: the handle is closed. */
  void removeAll() {
    MBeanRegistry.unregister(statisticsName);
    MBeanRegistry.unregister(configurationName);
  }

  private static void show(Object bean, ObjectName name, boolean shown) {
    if (shown) {
      MBeanRegistry.register(bean, name);
    } else {
      MBeanRegistry.unregister(name);
    }
  }
}
