/**
 * A region's PeanutCache cache as Hibernate's storage, where a cache problem is never a database
 * problem: a read or a put that fails (the key's owner unreachable, a deadline passed) is a miss,
 * logged and counted, and the application's transaction goes on.
 */
package io.peanutcache.hibernate.storage;
