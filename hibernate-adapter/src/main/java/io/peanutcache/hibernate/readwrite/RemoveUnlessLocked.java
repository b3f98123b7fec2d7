package io.peanutcache.hibernate.readwrite;

import java.io.Serial;
import javax.cache.processor.MutableEntry;

/** Removes a cached value, but never a lock, which must stay until it is released or expires. */
final class RemoveUnlessLocked extends Step<Void> {

  @Serial
  private static final long serialVersionUID = 1L;

  @Override
  Void apply(MutableEntry<Object, Object> entry, Lockable current) {
    if (!(current instanceof Lock)) {
      entry.remove();
    }
    return null;
  }
}
