/**
 * The JSR-107 surface: the CacheManager and Cache the application holds. They check arguments and
 * state, time and count operations, and hand each operation to the engine; no data lives here.
 */
package io.peanutcache.jcache;
