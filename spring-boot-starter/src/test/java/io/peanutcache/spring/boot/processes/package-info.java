/**
 * Three real Spring Boot web applications, each in a JVM of its own, forming one PeanutCache
 * cluster (with a static peer list, and through etcd), driven over HTTP: what
 * {@code @Cacheable(sync = true)}, {@code @CacheEvict}, asynchronous {@code @Cacheable} and the
 * Actuator give an application when its instances are separate processes, one of which may die.
 */
package io.peanutcache.spring.boot.processes;
