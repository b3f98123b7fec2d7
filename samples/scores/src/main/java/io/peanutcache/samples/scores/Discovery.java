package io.peanutcache.samples.scores;

import io.peanutcache.settings.EtcdSettings;
import io.peanutcache.settings.NodeSettings;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * How the demo's nodes find each other: a static list of every node's address, the same on every
 * node, or etcd, where each node registers itself under its name and watches the others.
 */
sealed interface Discovery {

  /**
   * The member numbered {@code number} that listens on {@code address}.
   *
   * @param number the node's number, from 1
   * @param address the {@code host:port} it listens on
   * @return the member, named by its address with a static list, {@code node-<number>} with etcd
   */
  Member member(int number, String address);

  /**
   * The node settings that make {@code self} a node of the cluster found this way: the
   * CacheManager properties {@code peanutcache.bind} and those of this kind of discovery.
   *
   * @param self the node
   * @return new properties
   */
  Properties nodeSettings(Member self);

  /**
   * Says how the nodes find each other, for the demo's start lines.
   *
   * @return for example {@code etcd http://127.0.0.1:2379, cluster scores}
   */
  String describe();

  /**
   * Every node's address, given to every node ({@code peanutcache.peers}).
   *
   * @param addresses every node's {@code host:port}, in the same order on every node
   */
  record StaticPeers(List<String> addresses) implements Discovery {

    /** Copies the addresses. */
    public StaticPeers {
      addresses = List.copyOf(addresses);
    }

    @Override
    public Member member(int number, String address) {
      return new Member(address, address);
    }

    @Override
    public Properties nodeSettings(Member self) {
      Properties properties = new Properties();
      properties.setProperty(NodeSettings.BIND_PROPERTY, self.address());
      properties.setProperty(NodeSettings.PEERS_PROPERTY, String.join(",", addresses));
      return properties;
    }

    @Override
    public String describe() {
      return "static peer list " + String.join(",", addresses);
    }
  }

  /**
   * etcd: each node registers as {@code /peanutcache/<cluster>/members/<name>} under a lease it
   * keeps alive ({@code peanutcache.etcd.endpoints}, {@code peanutcache.cluster},
   * {@code peanutcache.node.name}), and the members are those registered.
   *
   * @param endpoints the etcd client URLs
   * @param cluster the cluster's name, under which its members and caches are kept in etcd
   */
  record Etcd(List<URI> endpoints, String cluster) implements Discovery {

    /** The name of the cluster when {@code --cluster} is not given. */
    static final String DEFAULT_CLUSTER = "scores";

    /** Copies the endpoints. */
    public Etcd {
      endpoints = List.copyOf(endpoints);
    }

    @Override
    public Member member(int number, String address) {
      return new Member("node-" + number, address);
    }

    @Override
    public Properties nodeSettings(Member self) {
      Properties properties = new Properties();
      properties.setProperty(NodeSettings.BIND_PROPERTY, self.address());
      properties.setProperty(NodeSettings.NODE_NAME_PROPERTY, self.name());
      properties.setProperty(EtcdSettings.ENDPOINTS_PROPERTY, endpointList());
      properties.setProperty(EtcdSettings.CLUSTER_PROPERTY, cluster);
      return properties;
    }

    @Override
    public String describe() {
      return "etcd " + endpointList() + ", cluster " + cluster;
    }

    /**
     * Where the cluster's keys are in etcd.
     *
     * @return {@code /peanutcache/<cluster>/}
     */
    String prefix() {
      return EtcdSettings.defaultPrefix(cluster) + "/";
    }

    private String endpointList() {
      return endpoints.stream().map(URI::toString).collect(Collectors.joining(","));
    }
  }
}
