package io.peanutcache.cluster.leases;

/**
 * Who asked for a lease: told when it is theirs, and when it was taken back. Both are called
 * outside the lease table's lock, on whichever thread ended the previous lease (a network thread,
 * the lease timer, a thread that wrote), so they must return quickly and never block.
 */
public interface LeaseHolder {

  /**
   * The lease is this holder's now, until it writes, gives it up, or the lease time passes.
   *
   * @param lease the lease
   */
  void granted(Lease lease);

  /**
   * The holder kept the lease longer than the lease time: it has passed to the next waiter, and
   * whatever the holder writes now is refused.
   *
   * @param lease the lease that expired
   */
  void expired(Lease lease);
}
