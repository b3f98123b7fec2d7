package org.example.garden;

import jakarta.persistence.Embedded;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Version;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A plot: read-write cached, versioned, with a composite id and an embedded bed. */
@Entity
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "plots")
public class Plot {

  @EmbeddedId
  private PlotId id;

  @Embedded
  private Bed bed;

  private String crop;

  @Version
  private long version;

  protected Plot() {
  }

  public Plot(PlotId id, Bed bed, String crop) {
    this.id = id;
    this.bed = bed;
    this.crop = crop;
  }

  public Bed getBed() {
    return bed;
  }

  public String getCrop() {
    return crop;
  }
}
