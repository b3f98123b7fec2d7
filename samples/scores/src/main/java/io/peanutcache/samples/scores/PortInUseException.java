package io.peanutcache.samples.scores;

/** A port the demo needs is taken by another program, or by another run of the demo. */
final class PortInUseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What wanted the port. */
  enum Kind {
    /** A PeanutCache node, listening for its peers. */
    NODE,
    /** The HTTP API. */
    API,
    /** The database server of nodes in separate processes. */
    DATABASE
  }

  private final Kind kind;
  private final String address;

  /**
   * @param kind what wanted the port
   * @param address the {@code host:port} it could not listen on
   * @param cause the failure to listen
   */
  PortInUseException(Kind kind, String address, Throwable cause) {
    super(describe(kind) + " cannot listen on " + address + ": the port is in use", cause);
    this.kind = kind;
    this.address = address;
  }

  /** What wanted the port. */
  Kind kind() {
    return kind;
  }

  /** The {@code host:port} that was taken. */
  String address() {
    return address;
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case NODE -> "the PeanutCache node";
      case API -> "the HTTP API";
      case DATABASE -> "the database server";
    };
  }
}
