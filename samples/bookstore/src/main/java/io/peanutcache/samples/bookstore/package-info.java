/**
 * The bookstore sample: a Spring Boot application whose slow database lookup of a book sits behind
 * {@code @Cacheable(sync = true)} on a PeanutCache cache, so that however many instances and
 * threads miss one book together, the database is asked once. Every instance is a PeanutCache node
 * and they share one database.
 */
package io.peanutcache.samples.bookstore;
