/**
 * Reading the {@code .properties} file a CacheManager URI names: the caches it declares, checked
 * when the file is loaded, and the node settings it passes on untouched. {@link
 * io.peanutcache.config.SettingsFile} documents the format.
 */
package io.peanutcache.config;
