package io.peanutcache.spring.boot;

import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.spring.cache.PeanutSpringCacheManager;
import io.peanutcache.InvalidSettingException;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Caching;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Makes this application instance a PeanutCache node: a PeanutCache JCache
 * {@link javax.cache.CacheManager} set up from the {@code peanutcache.*} properties (which other
 * libraries, such as Hibernate, may use), a Spring {@link CacheManager} of
 * {@link io.peanutcache.spring.cache.PeanutSpringCache}s over it, and the lifecycle that takes the
 * node out of the cluster when the context stops.
 *
 * <p>It runs before Spring Boot's cache auto-configuration, which then backs off. It backs off
 * itself when {@code spring.cache.type} names another kind of cache than {@code jcache}, or
 * {@code spring.cache.jcache.provider} another JCache provider (no node is started then). Each bean backs off when the application defines one of its type: with its
 * own Spring {@code CacheManager}, the JCache manager (the node) is still made, for that manager
 * or Hibernate to use.
 *
 * <p>{@code spring.cache.jcache.config} may name a PeanutCache settings file
 * ({@code classpath:peanutcache.properties}), as for any JCache provider under Spring Boot: its
 * caches are declared, its node settings apply, and the {@code peanutcache.*} properties are laid
 * over both.
 *
 * <p>Without peers and without etcd the node is embedded: no socket, the caches in this JVM.
 * In a cluster, a node decodes the keys, values and entry processors other nodes send only for
 * classes its allow-list allows: besides {@code peanutcache.serialization.allow}, the starter
 * allows Spring's classes that the caches store and the application's own packages (see
 * {@link SerializationAllow}).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({PeanutCachingProvider.class, Caching.class, CacheManager.class})
@ConditionalOnProperty(name = "spring.cache.type", havingValue = "jcache", matchIfMissing = true)
@ConditionalOnProperty(name = "spring.cache.jcache.provider",
    havingValue = "io.peanutcache.spi.PeanutCachingProvider", matchIfMissing = true)
@EnableConfigurationProperties(PeanutCacheProperties.class)
public class PeanutCacheAutoConfiguration {

  /** Spring Boot's property naming a JCache provider's settings file. */
  static final String CONFIG_PROPERTY = "spring.cache.jcache.config";

  /** The URIs of the managers made here; one per context, so contexts of one JVM are apart. */
  private static final AtomicInteger MANAGERS = new AtomicInteger();

  /**
   * The PeanutCache JCache manager, and with it the node: started here, so that a wrong setting
   * or a port in use stops the application's start-up.
   *
   * @param properties the {@code peanutcache.*} properties
   * @param environment the environment, for {@code spring.cache.cache-names}
   * @param context the context, whose ClassLoader loads the classes the settings name, and whose
   *     auto-configuration packages (the application's) hold classes the node may receive
   * @return the manager, under a URI of its own ({@code urn:peanutcache:spring-boot:<n>}); in the
   *     cluster it is known by {@code peanutcache.manager}
   * @throws io.peanutcache.InvalidSettingException naming the property, if a setting is not
   *     allowed
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(javax.cache.CacheManager.class)
  public PeanutCacheManager peanutCacheManager(PeanutCacheProperties properties,
      Environment environment, ApplicationContext context) {
    ClassLoader classLoader = classLoader(context);
    URI config = configFile(environment, context);
    ProviderSettings settings = new ProviderSettings(properties, springCacheNames(environment),
        ProviderSettings.file(config, classLoader), classLoader);
    URI uri = config != null ? config
        : URI.create(ProviderSettings.DEFAULT_MANAGER + ":" + MANAGERS.incrementAndGet());
    PeanutCachingProvider provider = (PeanutCachingProvider)
        Caching.getCachingProvider(PeanutCachingProvider.class.getName(), classLoader);
    return provider.getCacheManager(uri, classLoader,
            settings.managerProperties(applicationPackages(context)))
        .unwrap(PeanutCacheManager.class);
  }

  /**
   * The Spring cache manager over the JCache manager. The caches that {@code peanutcache.cache.*}
   * declares or {@code spring.cache.cache-names} names are made at start-up; other names are
   * made on first use with {@code peanutcache.cache-defaults.*}, unless
   * {@code spring.cache.cache-names} is set, which (as in Spring Boot) allows those caches only.
   *
   * @param jcache the JCache manager
   * @param properties the {@code peanutcache.*} properties
   * @param environment the environment, for {@code spring.cache.cache-names}
   * @param context the context, whose ClassLoader loads the classes the settings name
   * @return the Spring cache manager
   */
  @Bean
  @ConditionalOnMissingBean(CacheManager.class)
  public PeanutSpringCacheManager cacheManager(javax.cache.CacheManager jcache,
      PeanutCacheProperties properties, Environment environment, ApplicationContext context) {
    List<String> springCacheNames = springCacheNames(environment);
    ClassLoader classLoader = classLoader(context);
    ProviderSettings settings = new ProviderSettings(properties, springCacheNames,
        ProviderSettings.file(configFile(environment, context), classLoader), classLoader);
    boolean onFirstUse = springCacheNames.isEmpty();
    return new PeanutSpringCacheManager(jcache, settings.declaredCaches(),
        name -> onFirstUse || settings.declaredCaches().contains(name)
            ? settings.configurationOnFirstUse(name) : Optional.empty(),
        settings::allowNullValues);
  }

  /**
   * Takes the node out of the cluster when the context stops; see {@link PeanutNodeLifecycle}
   * for the phase.
   *
   * @param jcache the JCache manager
   * @return the lifecycle
   */
  @Bean
  @ConditionalOnMissingBean
  public PeanutNodeLifecycle peanutNodeLifecycle(javax.cache.CacheManager jcache) {
    return new PeanutNodeLifecycle(jcache);
  }

  private static List<String> springCacheNames(Environment environment) {
    return Binder.get(environment)
        .bind("spring.cache.cache-names", Bindable.listOf(String.class))
        .orElse(List.of());
  }

  /**
   * The URI of the settings file {@code spring.cache.jcache.config} names, as Spring Boot hands
   * it to a JCache provider: the resource's own URI ({@code file:}, or {@code jar:} inside the
   * application's jar), which PeanutCache reads and names in the cluster by its
   * {@code classpath:} path.
   *
   * @return the URI, or null when the property is not set
   * @throws InvalidSettingException naming the property, if the resource does not exist
   */
  private static URI configFile(Environment environment, ResourceLoader resources) {
    String location = environment.getProperty(CONFIG_PROPERTY);
    if (location == null || location.isBlank()) {
      return null;
    }
    Resource resource = resources.getResource(location.trim());
    String allowed = "a PeanutCache settings file (.properties) that exists: classpath:<path> or"
        + " file:<path>";
    if (!resource.exists()) {
      throw new InvalidSettingException(CONFIG_PROPERTY, location, allowed);
    }
    try {
      return resource.getURI();
    } catch (IOException e) {
      throw new InvalidSettingException(CONFIG_PROPERTY, location, allowed, e);
    }
  }

  /** The packages of the application's {@code @SpringBootApplication} (or its scan), if any. */
  private static List<String> applicationPackages(ApplicationContext context) {
    BeanFactory beans = context.getAutowireCapableBeanFactory();
    return AutoConfigurationPackages.has(beans) ? AutoConfigurationPackages.get(beans) : List.of();
  }

  private static ClassLoader classLoader(ApplicationContext context) {
    ClassLoader classLoader = context.getClassLoader();
    return classLoader != null ? classLoader : PeanutCacheAutoConfiguration.class.getClassLoader();
  }
}
