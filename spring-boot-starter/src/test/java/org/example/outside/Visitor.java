package org.example.outside;

import java.io.Serializable;

/**
 * A visitor of the library: serializable, of a package outside the application's.
 *
 * @param name the visitor's name
 */
public record Visitor(String name) implements Serializable {}
