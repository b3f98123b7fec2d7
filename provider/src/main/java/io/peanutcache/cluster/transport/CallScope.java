package io.peanutcache.cluster.transport;

import io.grpc.Context;
import io.grpc.Deadline;

/**
 * Whom a request a node answers is for, and until when: the gRPC context of the call it came in
 * (cancelled when its caller goes away) and the deadline its caller waits until. A unary call's
 * deadline is its context's; each read of a stream of reads carries its own.
 *
 * @param call the context of the call the request came in
 * @param deadline when the caller stops waiting, or null for never
 */
record CallScope(Context call, Deadline deadline) {

  /**
   * The scope of the call this network thread delivers: its context and that context's deadline.
   *
   * @return the scope
   */
  static CallScope current() {
    Context call = Context.current();
    return new CallScope(call, call.getDeadline());
  }
}
