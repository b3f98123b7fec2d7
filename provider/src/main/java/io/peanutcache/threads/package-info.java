/** The threads PeanutCache starts: daemons, named after what they do, so that they never keep a JVM alive. */
package io.peanutcache.threads;
