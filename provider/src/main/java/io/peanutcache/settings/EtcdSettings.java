package io.peanutcache.settings;

import io.peanutcache.settings.NodeSettingSources.Found;
import io.peanutcache.config.DurationSetting;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import io.peanutcache.InvalidSettingException;

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
 * <p>The endpoints are all {@code http://} or all {@code https://}; {@code https://} endpoints
 * use TLS, and {@link EtcdSecurity} holds the files and the etcd user that go with them.
 *
 * @param endpoints the etcd client URLs
 * @param cluster the PeanutCache cluster's name
 * @param prefix the key prefix of the cluster
 * @param leaseTtl the TTL of this node's lease
 * @param security the TLS files and the etcd user
 */
public record EtcdSettings(List<URI> endpoints, String cluster, String prefix, Duration leaseTtl,
    EtcdSecurity security) {

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

  /** What {@value #ENDPOINTS_PROPERTY} allows, for messages. */
  public static final String ENDPOINTS_ALLOWED = "a comma-separated list of etcd client URLs "
      + "http://host:port or https://host:port";

  /** What {@value #CLUSTER_PROPERTY} allows, for messages. */
  public static final String CLUSTER_NAME_ALLOWED = "a name of 1 to 64 letters, digits, '.', '_' or '-'";

  private static final String LEASE_TTL_ALLOWED = "whole seconds from 1s to 1h: ISO-8601 (PT5S) or "
      + "a whole number with a unit s, m or h (5s)";

  /** Copies the endpoints. */
  public EtcdSettings {
    endpoints = List.copyOf(endpoints);
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(leaseTtl, "leaseTtl");
    Objects.requireNonNull(security, "security");
  }

  /**
   * Settings without TLS files or an etcd user.
   *
   * @param endpoints the etcd client URLs
   * @param cluster the PeanutCache cluster's name
   * @param prefix the key prefix of the cluster
   * @param leaseTtl the TTL of this node's lease
   */
  public EtcdSettings(List<URI> endpoints, String cluster, String prefix, Duration leaseTtl) {
    this(endpoints, cluster, prefix, leaseTtl, EtcdSecurity.NONE);
  }

  /**
   * Whether the endpoints use TLS.
   *
   * @return true if they are {@code https://}
   */
  public boolean isTls() {
    return !endpoints.isEmpty() && endpoints.get(0).getScheme().equals("https");
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

  /**
   * Whether {@code endpoint} is an etcd client URL: http or https, with a host and a port, and
   * nothing after them but an optional {@code /}.
   */
  private static boolean isEndpoint(URI endpoint) {
    String scheme = endpoint.getScheme();
    String path = endpoint.getRawPath();
    return ("http".equals(scheme) || "https".equals(scheme))
        && endpoint.getHost() != null && endpoint.getPort() > 0
        && (path == null || path.isEmpty() || path.equals("/"))
        && endpoint.getRawQuery() == null && endpoint.getRawFragment() == null
        && endpoint.getRawUserInfo() == null;
  }

  /**
   * Whether {@code name} may name a cluster: it is part of the cluster's keys in etcd.
   *
   * @param name a name
   * @return whether it is {@value #CLUSTER_NAME_ALLOWED}
   */
  public static boolean isClusterName(String name) {
    return CLUSTER_NAME.matcher(name).matches();
  }

  /**
   * Where a cluster's keys live when {@value #PREFIX_PROPERTY} is not set.
   *
   * @param cluster the cluster's name
   * @return {@code /peanutcache/<cluster>}
   */
  public static String defaultPrefix(String cluster) {
    return "/peanutcache/" + cluster;
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
      EtcdSecurity.read(sources, List.of());
      return Optional.empty();
    }
    List<URI> urls = readEndpoints(endpoints.get());
    return Optional.of(new EtcdSettings(urls, cluster, prefix, leaseTtl, EtcdSecurity.read(sources, urls)));
  }

  private static List<URI> readEndpoints(Found setting) {
    List<URI> endpoints = parseEndpoints(setting.value(), (entry, repeated, cause) -> repeated
        ? setting.invalid(ENDPOINTS_ALLOWED + ", each once; " + entry + " is listed more than once")
        : setting.invalid(ENDPOINTS_ALLOWED + "; not \"" + entry + "\"", cause));
    if (endpoints.stream().map(URI::getScheme).distinct().count() > 1) {
      throw setting.invalid(ENDPOINTS_ALLOWED + ", all http:// or all https://: one client talks to "
          + "every endpoint, with TLS or without");
    }
    return endpoints;
  }

  /** What to throw for an entry of an endpoint list that {@link #parseEndpoints} refuses. */
  @FunctionalInterface
  public interface EndpointRefusal {
    /**
     * The failure to throw.
     *
     * @param entry the entry, trimmed
     * @param repeated true if the entry is a valid URL listed before; false if it is not an etcd
     *     client URL, {@code http(s)://host:port} with nothing after but an optional {@code /}
     * @param cause why it could not be read as a URL, or null
     * @return the exception to throw
     */
    RuntimeException refuse(String entry, boolean repeated, Throwable cause);
  }

  /**
   * Reads a comma-separated list of etcd client URLs, each listed once.
   *
   * @param list the list
   * @param refusal makes the failure for an entry that is not an etcd client URL or is repeated
   * @return the URLs, in their order
   */
  public static List<URI> parseEndpoints(String list, EndpointRefusal refusal) {
    List<URI> endpoints = new ArrayList<>();
    for (String entry : list.split(",", -1)) {
      String trimmed = entry.trim();
      URI endpoint;
      try {
        endpoint = new URI(trimmed);
      } catch (URISyntaxException e) {
        throw refusal.refuse(trimmed, false, e);
      }
      if (!isEndpoint(endpoint)) {
        throw refusal.refuse(trimmed, false, null);
      }
      if (endpoints.contains(endpoint)) {
        throw refusal.refuse(trimmed, true, null);
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
    if (!isClusterName(name)) {
      throw found.get().invalid(CLUSTER_NAME_ALLOWED);
    }
    return name;
  }

  private static String readPrefix(NodeSettingSources sources, String cluster) {
    Optional<Found> found = sources.find(PREFIX_PROPERTY);
    if (found.isEmpty()) {
      return defaultPrefix(cluster);
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
