package org.example.garden;

/** What a bed is made of: an application enum, cached as itself in a plot's state. */
public enum Soil {
  CLAY,
  LOAM,
  SAND
}
