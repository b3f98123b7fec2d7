package io.peanutcache.hibernate.readwrite;

import java.io.Serial;
import java.io.Serializable;
import java.util.UUID;
import org.hibernate.cache.spi.access.SoftLock;

/**
 * The handle Hibernate keeps for a soft lock between locking an item and releasing it: which
 * access strategy instance took it, and its number there.
 *
 * @param source the access strategy instance (one per region and JVM)
 * @param lockId the lock's number at that instance
 */
public record LockHandle(UUID source, long lockId) implements SoftLock, Serializable {

  @Serial
  private static final long serialVersionUID = 1L;
}
