package io.peanutcache.spring.boot.processes;

import io.peanutcache.etcd.testing.EtcdServer;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three instances in JVMs of their own that find each other through a real etcd. A killed
 * instance leaves when its registration expires, and its keys get new owners.
 */
class EtcdBookstoresTest extends BookstoresContract {

  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  @Override
  List<String> membership(int index, List<String> addresses) {
    return List.of("--peanutcache.etcd.endpoints=" + ETCD.endpoint(),
        "--peanutcache.cluster=bookstores", "--peanutcache.etcd.lease-ttl=3s");
  }

  @Override
  boolean killedInstancesLeave() {
    return true;
  }
}
