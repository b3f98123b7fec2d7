package org.example.shop;

import java.io.Serializable;

/** The serializable superclass of the shop's records. */
public class Entity implements Serializable {

  private static final long serialVersionUID = 1L;

  private final long id;

  /**
   * An entity.
   *
   * @param id its identity
   */
  public Entity(long id) {
    this.id = id;
  }

  /**
   * Its identity.
   *
   * @return the identity
   */
  public long id() {
    return id;
  }
}
