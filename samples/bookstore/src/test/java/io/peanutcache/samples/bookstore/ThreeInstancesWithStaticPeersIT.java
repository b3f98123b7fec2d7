package io.peanutcache.samples.bookstore;

import java.util.List;

/** Three instances with a static peer list: {@code --peanutcache.peers=a,b,c} on each. */
class ThreeInstancesWithStaticPeersIT extends ThreeInstances {

  @Override
  List<String> membership(List<String> binds) {
    return List.of("--peanutcache.peers=" + String.join(",", binds));
  }
}
