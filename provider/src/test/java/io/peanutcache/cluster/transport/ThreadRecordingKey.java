package io.peanutcache.cluster.transport;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A key that needs Java serialization and records the thread each copy of it is decoded on (a
 * class, since a record's {@code readObject} is never called).
 */
final class ThreadRecordingKey implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The names of the threads keys were decoded on. */
  static final List<String> DECODED_ON = new CopyOnWriteArrayList<>();

  private final String name;

  ThreadRecordingKey(String name) {
    this.name = name;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    DECODED_ON.add(Thread.currentThread().getName());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ThreadRecordingKey that && name.equals(that.name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "ThreadRecordingKey[" + name + "]";
  }
}
