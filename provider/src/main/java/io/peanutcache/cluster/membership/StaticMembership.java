package io.peanutcache.cluster.membership;

import java.util.List;
import java.util.function.Consumer;

/**
 * The membership of a fixed peer list: every node is configured with the same list, so every node
 * has the same view, of epoch 1, for as long as it runs. A member's name is its address, since that
 * is what every node knows of every other.
 */
public final class StaticMembership implements Membership {

  /** The epoch of every static view. */
  public static final long EPOCH = 1;

  private final MembershipView view;

  /**
   * A membership of the given addresses.
   *
   * @param addresses the {@code host:port} of every node, this one included
   */
  public StaticMembership(List<String> addresses) {
    this.view = new MembershipView(EPOCH,
        addresses.stream().map(address -> new Member(address, address)).toList());
  }

  @Override
  public MembershipView view() {
    return view;
  }

  @Override
  public void onChange(Consumer<MembershipView> listener) {
    // a static list never changes
  }

  @Override
  public void refresh() {
    // nothing to ask: the list is the source
  }

  @Override
  public void close() {}
}
