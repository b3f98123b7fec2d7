package io.peanutcache.spring.boot.processes;

import java.util.List;

/**
 * Three instances in JVMs of their own that list each other as static peers. A killed instance
 * stays in the list: its keys keep it as their owner.
 */
class StaticPeerBookstoresTest extends BookstoresContract {

  @Override
  List<String> membership(int index, List<String> addresses) {
    return List.of("--peanutcache.peers=" + String.join(",", addresses));
  }

  @Override
  boolean killedInstancesLeave() {
    return false;
  }
}
