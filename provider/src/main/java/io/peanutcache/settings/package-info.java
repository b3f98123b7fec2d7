/**
 * A node's settings: where it listens and what it advertises, its peers or its etcd, its timeouts,
 * and the identity its CacheManagers' caches have in the cluster; resolved from a manager's
 * properties, its settings file and the JVM's system properties, each checked with a message that
 * names the setting and what it allows.
 */
package io.peanutcache.settings;
