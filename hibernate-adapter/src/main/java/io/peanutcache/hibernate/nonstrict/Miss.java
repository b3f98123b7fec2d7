package io.peanutcache.hibernate.nonstrict;

import java.io.Serial;
import java.io.Serializable;

/**
 * What a node saw for a key when it missed it, before reading the database: the latest eviction
 * the owner held then, or none. A value loaded after the miss may be cached only if the owner still
 * holds that same eviction, so that no change can have committed between the read and the put.
 *
 * @param eviction the latest eviction of the key then, or null for none
 */
record Miss(Evicted eviction) implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;
}
