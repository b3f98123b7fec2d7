package io.peanutcache;

import io.peanutcache.NodeSettingSources.Found;
import io.peanutcache.config.DurationSetting;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a node finds its peers through etcd: the endpoints of the etcd cluster, the key prefix under
 * which the PeanutCache cluster keeps its members and caches, and the TTL of the lease that keeps
 * this node's registration alive.
 *
 * <table>
 *   <caption>etcd settings</caption>
 *   <tr><th>key</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@value #ENDPOINTS_PROPERTY}</td><td>the etcd client URLs, {@code http://host:port},
 *       separated by commas</td><td>none: no etcd</td></tr>
 *   <tr><td>{@value #CLUSTER_PROPERTY}</td><td>the PeanutCache cluster's name: letters, digits,
 *       {@code .}, {@code _} and {@code -}</td><td>{@value #DEFAULT_CLUSTER}</td></tr>
 *   <tr><td>{@value #PREFIX_PROPERTY}</td><td>the key prefix, starting with {@code /} and not
 *       ending with one</td><td>{@code /peanutcache/} and the cluster's name</td></tr>
 *   <tr><td>{@value #LEASE_TTL_PROPERTY}</td><td>the lease's TTL, whole seconds from 1s to
 *       1h</td><td>5s</td></tr>
 * </table>
 *
 * @param endpoints the etcd client URLs
 * @param cluster the PeanutCache cluster's name
 * @param prefix the key prefix of the cluster
 * @param leaseTtl the TTL of this node's lease
 */
public record EtcdSettings(List<URI> endpoints, String cluster, String prefix, Duration leaseTtl) {

  /** The key of the etcd endpoints. */
  public static final String ENDPOINTS_PROPERTY = "peanutcache.etcd.endpoints";

  /** The key of the cluster's name. */
  public static final String CLUSTER_PROPERTY = "peanutcache.cluster";

  /** The key of the key prefix. */
  public static final String PREFIX_PROPERTY = "peanutcache.etcd.prefix";

  /** The key of the lease TTL. */
  public static final String LEASE_TTL_PROPERTY = "peanutcache.etcd.lease-ttl";

  /** The cluster's name when none is set. */
  public static final String DEFAULT_CLUSTER = "default";

  /** The lease TTL when none is set. */
  public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(5);

  /** Every etcd setting's key. */
  static final List<String> KEYS = List.of(ENDPOINTS_PROPERTY, CLUSTER_PROPERTY, PREFIX_PROPERTY,
      LEASE_TTL_PROPERTY);

  private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private static final String ENDPOINTS_ALLOWED = "a comma-separated list of etcd client URLs "
      + "http://host:port or https://host:port";

  private static final String LEASE_TTL_ALLOWED = "whole seconds from 1s to 1h: ISO-8601 (PT5S) or "
      + "a whole number with a unit s, m or h (5s)";

  /** Copies the endpoints. */
  public EtcdSettings {
    endpoints = List.copyOf(endpoints);
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(leaseTtl, "leaseTtl");
  }

  /**
   * The key under which the member of that name registers.
   *
   * @param nodeName the member's name
   * @return {@code <prefix>/members/<name>}
   */
  public String memberKey(String nodeName) {
    return membersPrefix() + nodeName;
  }

  /** The prefix of every member's key: {@code <prefix>/members/}. */
  public String membersPrefix() {
    return prefix + "/members/";
  }

  /** The prefix of every cache definition's key: {@code <prefix>/caches/}. */
  public String cachesPrefix() {
    return prefix + "/caches/";
  }

  /**
   * Reads the etcd settings; empty when {@value #ENDPOINTS_PROPERTY} is absent or empty. The
   * other keys are checked in any case, so a misspelt value fails even before etcd is in use.
   */
  static Optional<EtcdSettings> read(NodeSettingSources sources) {
    String cluster = readCluster(sources);
    String prefix = readPrefix(sources, cluster);
    Duration leaseTtl = readLeaseTtl(sources);
    Optional<Found> endpoints = sources.find(ENDPOINTS_PROPERTY);
    if (endpoints.isEmpty() || endpoints.get().value().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new EtcdSettings(readEndpoints(endpoints.get()), cluster, prefix, leaseTtl));
  }

  private static List<URI> readEndpoints(Found setting) {
    List<URI> endpoints = new ArrayList<>();
    for (String entry : setting.value().split(",", -1)) {
      String trimmed = entry.trim();
      URI endpoint;
      try {
        endpoint = new URI(trimmed);
      } catch (URISyntaxException e) {
        throw setting.invalid(ENDPOINTS_ALLOWED + "; not \"" + trimmed + "\"", e);
      }
      boolean http = "http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme());
      if (!http || endpoint.getHost() == null || endpoint.getPort() < 1
          || !(endpoint.getPath() == null || endpoint.getPath().isEmpty() || endpoint.getPath().equals("/"))) {
        throw setting.invalid(ENDPOINTS_ALLOWED + "; not \"" + trimmed + "\"");
      }
      if (endpoints.contains(endpoint)) {
        throw setting.invalid(ENDPOINTS_ALLOWED + ", each once; " + trimmed + " is listed more than once");
      }
      endpoints.add(endpoint);
    }
    return endpoints;
  }

  private static String readCluster(NodeSettingSources sources) {
    Optional<Found> found = sources.find(CLUSTER_PROPERTY);
    if (found.isEmpty()) {
      return DEFAULT_CLUSTER;
    }
    String name = found.get().value().trim();
    if (!CLUSTER_NAME.matcher(name).matches()) {
      throw found.get().invalid("a name of 1 to 64 letters, digits, '.', '_' or '-'");
    }
    return name;
  }

  private static String readPrefix(NodeSettingSources sources, String cluster) {
    Optional<Found> found = sources.find(PREFIX_PROPERTY);
    if (found.isEmpty()) {
      return "/peanutcache/" + cluster;
    }
    String prefix = found.get().value().trim();
    if (!prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
      throw found.get().invalid("a key prefix that starts with '/' and does not end with one, "
          + "such as /peanutcache/orders");
    }
    return prefix;
  }

  private static Duration readLeaseTtl(NodeSettingSources sources) {
    Optional<Found> found = sources.find(LEASE_TTL_PROPERTY);
    if (found.isEmpty()) {
      return DEFAULT_LEASE_TTL;
    }
    Duration ttl;
    try {
      ttl = DurationSetting.parse(LEASE_TTL_PROPERTY, found.get().value());
    } catch (InvalidSettingException notADuration) {
      throw found.get().invalid(LEASE_TTL_ALLOWED, notADuration);
    }
    if (ttl.getNano() != 0 || ttl.getSeconds() < 1 || ttl.getSeconds() > 3600) {
      throw found.get().invalid(LEASE_TTL_ALLOWED);
    }
    return ttl;
  }
}
