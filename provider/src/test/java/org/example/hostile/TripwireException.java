package org.example.hostile;

import java.io.IOException;
import java.io.ObjectInputStream;

/** An exception whose {@code readObject} records that it ran. */
public final class TripwireException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception.
   *
   * @param message its message
   */
  public TripwireException(String message) {
    super(message);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    Tripwire.RAN.add("TripwireException.readObject");
    in.defaultReadObject();
  }
}
