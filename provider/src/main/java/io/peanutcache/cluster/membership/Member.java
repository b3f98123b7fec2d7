package io.peanutcache.cluster.membership;

import java.util.Objects;

/**
 * A node of the cluster.
 *
 * @param name the member's name: its identity on the ring
 * @param address the {@code host:port} its peers reach it at
 */
public record Member(String name, String address) {

  /**
   * @throws NullPointerException if the name or address is null
   */
  public Member {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
  }
}
