package io.peanutcache.samples.bookstore;

import io.peanutcache.etcd.testing.EtcdServer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three instances that find each other through a real etcd, which the class starts (it fails,
 * saying how to install etcd, when there is none on the PATH).
 */
class ThreeInstancesThroughEtcdIT extends ThreeInstances {

  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  @Override
  List<String> membership(List<String> binds) {
    return List.of("--peanutcache.etcd.endpoints=" + ETCD.endpoint(),
        "--peanutcache.cluster=bookstore-" + UUID.randomUUID().toString().substring(0, 8));
  }
}
