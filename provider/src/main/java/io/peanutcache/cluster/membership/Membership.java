package io.peanutcache.cluster.membership;

import java.time.Instant;
import java.util.Optional;
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

  /**
   * Since when the source of the view cannot be reached, while it cannot: the node serves with its
   * last view meanwhile.
   *
   * @return when the source was first missed; empty while it answers, and always for a source that
   *     is not remote
   */
  default Optional<Instant> unreachableSince() {
    return Optional.empty();
  }

  /** Leaves the membership and stops watching it. */
  @Override
  void close();
}
