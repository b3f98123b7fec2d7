package org.example.shop;

import java.io.Serializable;

/**
 * A note, which an order's {@code Object} field may hold: no declared type names it exactly.
 *
 * @param text the text
 */
public record Note(String text) implements Serializable {}
