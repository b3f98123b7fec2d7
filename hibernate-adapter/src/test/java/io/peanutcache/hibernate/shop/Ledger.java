package io.peanutcache.hibernate.shop;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** An entity asking for the transactional strategy, which PeanutCache refuses. */
@Entity
@Cache(usage = CacheConcurrencyStrategy.TRANSACTIONAL)
public class Ledger {

  @Id
  private Long id;
}
