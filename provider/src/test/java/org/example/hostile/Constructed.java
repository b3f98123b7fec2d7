package org.example.hostile;

/** A class that is no loader, whose initialisation and construction are recorded. */
public final class Constructed {

  static {
    Tripwire.RAN.add("Constructed.<clinit>");
  }

  /** Constructing one is recorded. */
  public Constructed() {
    Tripwire.RAN.add("Constructed.<init>");
  }
}
