/**
 * Cache entry listeners: registrations with their filters, and the dispatcher that delivers
 * created, updated, removed and expired events in order per key, waiting for synchronous listeners
 * before the mutating call returns.
 */
package io.peanutcache.event;
