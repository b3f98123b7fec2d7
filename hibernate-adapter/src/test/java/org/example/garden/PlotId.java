package org.example.garden;

import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;

/** A plot's composite id: its garden and its row. */
@Embeddable
public class PlotId implements Serializable {

  private String garden;

  private int row;

  protected PlotId() {
  }

  public PlotId(String garden, int row) {
    this.garden = garden;
    this.row = row;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PlotId that && garden.equals(that.garden) && row == that.row;
  }

  @Override
  public int hashCode() {
    return Objects.hash(garden, row);
  }
}
