package io.peanutcache.benchmarks;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.util.List;

/**
 * The configuration of the Hazelcast members the benchmarks compare PeanutCache with: formed on
 * loopback with TCP-IP join (multicast and auto-detection off), without Jet, the REST API or
 * phone-home, as {@link HazelcastCluster} starts them and {@link OnePutOneGet} starts one.
 */
final class HazelcastMembers {

  private HazelcastMembers() {}

  /**
   * The configuration of member {@code index} of {@code addresses}: its own port, and by TCP-IP the
   * members before it, which it joins (the first member lists only itself and forms the cluster
   * alone at once instead of waiting for members that do not exist yet).
   *
   * @param clusterName the cluster's name
   * @param addresses every member's loopback {@code host:port}, in the order they start
   * @param index the member's place in {@code addresses}, from 0
   * @return the member's configuration
   */
  static Config config(String clusterName, List<String> addresses, int index) {
    Config config = new Config();
    config.setClusterName(clusterName);
    config.setInstanceName(clusterName + "-" + (index + 1));
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    config.getJetConfig().setEnabled(false);

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port(addresses.get(index))).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    network.getRestApiConfig().setEnabled(false);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1)
        .setMembers(addresses.subList(0, index + 1));
    return config;
  }

  private static int port(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }
}
