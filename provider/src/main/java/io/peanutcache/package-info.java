/**
 * PeanutCache's public API beside JSR-107's: {@link io.peanutcache.PeanutConfiguration} with the
 * provider's extras, and the exceptions that name what was wrong.
 */
package io.peanutcache;
