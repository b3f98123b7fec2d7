package org.example.shop;

import java.io.Serializable;

/**
 * A type the JVM-wide filter of the allow-list test refuses, and that nothing else uses, since that
 * filter stays set for the rest of the JVM.
 *
 * @param reason why
 */
public record Embargoed(String reason) implements Serializable {}
