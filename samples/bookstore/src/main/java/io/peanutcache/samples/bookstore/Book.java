package io.peanutcache.samples.bookstore;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * A book as the cache holds it and the API shows it: a copy of its row, never a managed JPA
 * entity. Serializable because PeanutCache stores values by value and sends them between nodes.
 *
 * @param isbn the ISBN-13, with hyphens, the book's key
 * @param title the title
 * @param author the author
 * @param price the price
 * @param stock how many copies are in stock
 */
public record Book(String isbn, String title, String author, BigDecimal price, int stock)
    implements Serializable {}
