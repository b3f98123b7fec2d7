package org.example.hostile;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * A serializable class whose {@code readObject} records that it ran: what a gadget class would do
 * instead. It is an entry processor too, so that nothing but the allow-list stands between its
 * bytes and a node running it.
 */
public final class Tripwire implements Serializable, EntryProcessor<Object, Object, Object> {

  private static final long serialVersionUID = 1L;

  /** What ran of the classes of this package, by what it was. */
  public static final Set<String> RAN = ConcurrentHashMap.newKeySet();

  private final String payload;

  /**
   * A tripwire.
   *
   * @param payload anything, so the stream has a field
   */
  public Tripwire(String payload) {
    this.payload = payload;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    RAN.add("Tripwire.readObject");
    in.defaultReadObject();
  }

  @Override
  public Object process(MutableEntry<Object, Object> entry, Object... arguments) {
    RAN.add("Tripwire.process");
    entry.setValue(payload);
    return payload;
  }
}
