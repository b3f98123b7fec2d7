/**
 * Spring Boot auto-configuration of PeanutCache: every instance of the application becomes a
 * PeanutCache node, set up from the {@code peanutcache.*} properties of Spring's
 * {@code Environment}, with a JCache {@code CacheManager} bean and a Spring {@code CacheManager}
 * over it. A wrong setting stops start-up with a report that names the property, its value and
 * what is allowed.
 */
package io.peanutcache.spring.boot;
