/**
 * Spring Boot Actuator support for a PeanutCache node: the {@code peanutcache} health contributor,
 * Micrometer meters for its caches (under Spring Boot's cache metric names) and for the node, and
 * the {@code /actuator/peanutcache} endpoint. Each part is configured only when the application
 * has the Actuator or Micrometer classes it needs.
 */
package io.peanutcache.spring.boot.actuate;
