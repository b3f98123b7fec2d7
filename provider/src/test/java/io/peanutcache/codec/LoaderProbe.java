package io.peanutcache.codec;

import java.io.Serializable;

/**
 * A serializable application class for the class-loading tests: one class loader can define its own
 * copy of it, another can refuse it.
 */
record LoaderProbe(String name, int size) implements Serializable {}
