/**
 * Read-through loads in a cluster as applications meet them: slow loaders, loaders that fail,
 * owners that die in the middle of a load, loads longer than the load timeout.
 */
package io.peanutcache.cluster.loading;
