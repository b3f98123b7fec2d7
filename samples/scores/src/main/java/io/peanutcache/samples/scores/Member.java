package io.peanutcache.samples.scores;

import java.util.Objects;

/**
 * A node of the demo's cluster: its name, which is how {@code PeanutCache.ownerOf} names it, and the
 * address it listens on for its peers. With a static peer list the name is the address; with etcd
 * it is {@code node-I}, registered in etcd with the address.
 *
 * @param name the node's name, unique in the cluster
 * @param address the {@code host:port} the node listens on and its peers reach it at
 */
record Member(String name, String address) {

  /**
   * @throws NullPointerException if the name or the address is null
   */
  Member {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
  }

  /**
   * The name, and the address when it is not the name.
   *
   * @return for example {@code node-1 on 127.0.0.1:7001}, or {@code 127.0.0.1:7001}
   */
  @Override
  public String toString() {
    return name.equals(address) ? name : name + " on " + address;
  }
}
