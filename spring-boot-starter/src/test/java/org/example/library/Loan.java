package org.example.library;

import java.io.Serializable;

/**
 * A loan, as the application caches it: a type of its own package.
 *
 * @param isbn the book
 * @param member who borrowed it
 * @param run which run of the method made it, across the cluster
 */
public record Loan(String isbn, String member, int run) implements Serializable {}
