package io.peanutcache.config;

import io.peanutcache.PeanutConfiguration;

/**
 * One declared setting, read and checked, ready to be laid over a configuration.
 *
 * <p>Changes work on an {@code Object}-typed view of the configuration: a declared key or value
 * type replaces the one the configuration had, so the type parameters cannot be trusted to hold.
 */
@FunctionalInterface
interface ConfigurationChange {

  /** Sets the declared setting on {@code configuration}. */
  void applyTo(PeanutConfiguration<Object, Object> configuration);
}
