package org.example.shop;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * An amount in a currency: the exact type of a field of {@link Order}.
 *
 * @param amount the amount
 * @param currency the currency's code
 */
public record Money(BigDecimal amount, String currency) implements Serializable {}
