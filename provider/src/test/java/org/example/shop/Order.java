package org.example.shop;

import java.util.Objects;

/** An order: a declared value type with a superclass, a field of an exact type and an open one. */
public final class Order extends Entity {

  private static final long serialVersionUID = 1L;

  private final Money total;
  private final Object extra;

  /**
   * An order.
   *
   * @param id its identity
   * @param total its total
   * @param extra anything
   */
  public Order(long id, Money total, Object extra) {
    super(id);
    this.total = total;
    this.extra = extra;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Order that && id() == that.id() && total.equals(that.total)
        && Objects.equals(extra, that.extra);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id(), total, extra);
  }
}
