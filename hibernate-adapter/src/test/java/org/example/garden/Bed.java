package org.example.garden;

import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/** A plot's bed: an embeddable with an enum. */
@Embeddable
public class Bed {

  @Enumerated(EnumType.STRING)
  private Soil soil;

  private int depth;

  protected Bed() {
  }

  public Bed(Soil soil, int depth) {
    this.soil = soil;
    this.depth = depth;
  }

  public Soil getSoil() {
    return soil;
  }

  public int getDepth() {
    return depth;
  }
}
