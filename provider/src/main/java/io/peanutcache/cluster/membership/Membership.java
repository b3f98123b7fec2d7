package io.peanutcache.cluster.membership;

import java.util.function.Consumer;

/**
 * A source of membership views: a static peer list, or a registry the members join and leave.
 */
public interface Membership extends AutoCloseable {

  /**
   * The current view. Never null; it includes this node.
   *
   * @return the view
   */
  MembershipView view();

  /**
   * Asks to be told of every later view, in order, on a thread of the membership's choosing.
   *
   * @param listener called with each new view
   */
  void onChange(Consumer<MembershipView> listener);

  /**
   * Brings the view up to date with the source, if the source can be asked. A node whose peer
   * sent a request with a newer epoch calls this before it answers that it is not the owner.
   */
  void refresh();

  /** Leaves the membership and stops watching it. */
  @Override
  void close();
}
