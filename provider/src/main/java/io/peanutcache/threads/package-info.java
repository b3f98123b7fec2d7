/**
 * The threads PeanutCache starts: daemons, named after what they do, so that they never keep a JVM
 * alive; and the bounds on them, which refuse work beyond their threads and queue, and say so in the
 * log once a minute.
 */
package io.peanutcache.threads;
