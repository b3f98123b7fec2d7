package io.peanutcache.settings;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.codec.AllowList;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The settings of a PeanutCache node: the address its socket listens on, the peers it shares the
 * cache with, its name, the deadline of its calls to peers and the number of partitions.
 *
 * <h2>Settings</h2>
 *
 * <table>
 *   <caption>Node settings</caption>
 *   <tr><th>key</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@value #BIND_PROPERTY}</td><td>the {@code host:port} this node listens on</td>
 *       <td>none</td></tr>
 *   <tr><td>{@value #ADVERTISE_PROPERTY}</td><td>the {@code host:port} peers reach this node
 *       at</td><td>the bind address</td></tr>
 *   <tr><td>{@value #PEERS_PROPERTY}</td><td>the {@code host:port} of every node of the cluster,
 *       this one included, separated by commas</td><td>none: the embedded single node</td></tr>
 *   <tr><td>{@value #NODE_NAME_PROPERTY}</td><td>this node's name</td><td>the advertise address
 *       as {@code host:port}, or {@value #EMBEDDED_NODE_NAME} when there is none</td></tr>
 *   <tr><td>{@value #RPC_TIMEOUT_PROPERTY}</td><td>the deadline of a call to a peer that loads
 *       nothing, more than zero</td><td>5s</td></tr>
 *   <tr><td>{@value #LOAD_TIMEOUT_PROPERTY}</td><td>how long a caller waits for a read-through
 *       load, here or on the owner, more than zero</td><td>60s</td></tr>
 *   <tr><td>{@value #CONNECT_TIMEOUT_PROPERTY}</td><td>how long a call waits for its connection
 *       to a peer, more than zero</td><td>10s</td></tr>
 *   <tr><td>{@value #HANDOFF_TIMEOUT_PROPERTY}</td><td>how long partitions that move take at most
 *       to reach their new owner (with etcd membership), more than zero</td><td>30s</td></tr>
 *   <tr><td>{@value #PARTITIONS_PROPERTY}</td><td>the number of partitions, from 1 to
 *       {@value #MAX_PARTITIONS}, the same on every node</td><td>{@value #DEFAULT_PARTITIONS}
 *       </td></tr>
 *   <tr><td>{@value #MAX_MESSAGE_SIZE_PROPERTY}</td><td>the largest message this node sends to or
 *       accepts from a peer, from 1 MiB to 1 GiB; a larger one is refused before it is sent</td>
 *       <td>16 MiB</td></tr>
 *   <tr><td>{@value #REQUEST_THREADS_PROPERTY}</td><td>the most threads that run peers' requests,
 *       from 1 to {@value #MAX_THREADS}</td><td>{@value #DEFAULT_REQUEST_THREADS}</td></tr>
 *   <tr><td>{@value #REQUEST_QUEUE_PROPERTY}</td><td>the most peers' requests waiting for a thread,
 *       from 1 to {@value #MAX_QUEUE}; more are refused with {@code RESOURCE_EXHAUSTED}</td>
 *       <td>{@value #DEFAULT_REQUEST_QUEUE}</td></tr>
 *   <tr><td>{@value #ITERATIONS_PROPERTY}</td><td>the most iterations of this node's entries that
 *       peers stream at once, from 1 to {@value #MAX_QUEUE}</td><td>{@value #DEFAULT_ITERATIONS}</td></tr>
 *   <tr><td>{@value #EVENT_THREADS_PROPERTY}</td><td>the most threads that deliver events to
 *       listeners, from 1 to {@value #MAX_THREADS}</td><td>{@value #DEFAULT_EVENT_THREADS}</td></tr>
 *   <tr><td>{@value #EVENT_QUEUE_PROPERTY}</td><td>the most events of one cache waiting for their
 *       delivery, from 1 to {@value #MAX_QUEUE}; more are refused</td>
 *       <td>{@value #DEFAULT_EVENT_QUEUE}</td></tr>
 *   <tr><td>{@value #LISTENERS_PER_CACHE_PROPERTY}</td><td>the most listeners one cache has, on
 *       every node together, from 1 to {@value #MAX_QUEUE}</td>
 *       <td>{@value #DEFAULT_LISTENERS_PER_CACHE}</td></tr>
 *   <tr><td>{@value #SERIALIZATION_ALLOW_PROPERTY}</td><td>classes that values, keys, entry
 *       processors and definitions from other nodes may be Java-serialized objects of, beyond the
 *       built-in ones of {@link AllowList}: JDK filter patterns separated by commas
 *       ({@code com.example.**,org.acme.Money})</td><td>none</td></tr>
 * </table>
 *
 * <p>Instead of a static peer list, a node can find its peers through etcd: see
 * {@link EtcdSettings} for {@value EtcdSettings#ENDPOINTS_PROPERTY} and the keys that go with it.
 * The two are exclusive; with etcd, {@value #BIND_PROPERTY} is required and the node registers
 * under its name, which must be unique among the live nodes.
 *
 * <p>Addresses are read by {@link HostAndPort#parse}. Durations are ISO-8601 ({@code PT0.5S}) or a
 * whole number with a unit {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}
 * ({@code 500ms}). Values are trimmed; in the peer list, so is each entry.
 *
 * <h2>Where settings come from</h2>
 *
 * <p>Each key is read from the first of these places that holds it:
 *
 * <ol>
 *   <li>the {@code Properties} given to {@code getCacheManager(uri, classLoader, properties)};
 *   <li>the JVM's system properties;
 *   <li>environment variables, named {@code PEANUTCACHE_} and the rest of the key upper-cased, with
 *       {@code .} and {@code -} turned into {@code _}: {@code PEANUTCACHE_PEERS},
 *       {@code PEANUTCACHE_NODE_NAME}, {@code PEANUTCACHE_RPC_TIMEOUT};
 *   <li>the settings file named by the CacheManager's URI;
 * </ol>
 *
 * <p>and otherwise takes its default. The first place that holds a key decides, even with an empty
 * value: an empty {@value #PEERS_PROPERTY} in the CacheManager's properties makes an embedded node
 * whatever the environment says. A value that another place overrides is not read. The one
 * exception is {@value #SERIALIZATION_ALLOW_PROPERTY}, a list that only ever allows more: the
 * patterns of every place are added together, and so are those of every CacheManager that shares
 * the node.
 *
 * <h2>Embedded or clustered</h2>
 *
 * <p>Without peers (the key absent or empty) the node is the embedded single node: it opens no
 * socket and owns every partition. {@value #BIND_PROPERTY}, {@value #ADVERTISE_PROPERTY} and
 * {@value #NODE_NAME_PROPERTY} may still be set, for instance by a deployment that sets them on
 * every instance; they are checked and kept, but no socket is opened. With peers, the node is
 * {@linkplain #isClustered() clustered}: {@value #BIND_PROPERTY} is then required, and the peer
 * list must name every node of the cluster, this one included (by its advertise address), each
 * once. The list is the same on every node; addresses are compared as written, without DNS
 * look-ups.
 *
 * <h2>Errors</h2>
 *
 * <p>Only keys starting with {@code peanutcache.} are read. Per-cache settings
 * ({@code peanutcache.cache.*}), the {@code peanutcache.time-source} test hook and, in the
 * CacheManager's properties and the settings file, the CacheManager's name
 * {@value ManagerIdentity#MANAGER_PROPERTY} belong to the CacheManager and are passed over; that
 * name in a system property or the environment is an error, since it names one CacheManager. Any
 * other {@code peanutcache.*} key, or {@code PEANUTCACHE_*} environment variable, that is not one of the node settings above is an error, in whichever
 * place it appears, so that a misspelt key ({@code peanutcache.peer}) fails instead of being
 * ignored. Every error is an {@link InvalidSettingException} whose message names the key, the
 * value, where it was found and what is allowed, for example {@code invalid setting
 * peanutcache.partitions=0 (in environment variable PEANUTCACHE_PARTITIONS): allowed: a whole
 * number from 1 to 65536}.
 *
 * <h2>Identity</h2>
 *
 * <p>CacheManagers with equal node settings share one node, so two {@code NodeSettings} are equal
 * exactly when every resolved value is: bind, advertise, peers (in order), node name, the three
 * timeouts, partitions and the limits. The allow-list patterns are left out: each CacheManager adds
 * its own to the node it shares. {@code NodeSettings} is immutable and safe to share between threads.
 */
public final class NodeSettings {

  /** The key of the address this node listens on. */
  public static final String BIND_PROPERTY = "peanutcache.bind";

  /** The key of the address peers reach this node at. */
  public static final String ADVERTISE_PROPERTY = "peanutcache.advertise";

  /** The key of the list of every node's address. */
  public static final String PEERS_PROPERTY = "peanutcache.peers";

  /** The key of this node's name. */
  public static final String NODE_NAME_PROPERTY = "peanutcache.node.name";

  /** The key of the deadline of every call to a peer. */
  public static final String RPC_TIMEOUT_PROPERTY = "peanutcache.rpc.timeout";

  /** The key of how long a caller waits for a read-through load, here or on the key's owner. */
  public static final String LOAD_TIMEOUT_PROPERTY = "peanutcache.load.timeout";

  /** The key of how long partitions that move take at most to reach their new owner. */
  public static final String HANDOFF_TIMEOUT_PROPERTY = "peanutcache.handoff.timeout";

  /** The key of how long a call waits for its connection to a peer before the peer counts as down. */
  public static final String CONNECT_TIMEOUT_PROPERTY = "peanutcache.connect.timeout";

  /** The key of the number of partitions. */
  public static final String PARTITIONS_PROPERTY = "peanutcache.partitions";

  /** The key of the largest message this node sends to or accepts from a peer. */
  public static final String MAX_MESSAGE_SIZE_PROPERTY = "peanutcache.max-message-size";

  /** The key of the most threads that run peers' requests. */
  public static final String REQUEST_THREADS_PROPERTY = "peanutcache.requests.threads";

  /** The key of the most peers' requests waiting for a thread. */
  public static final String REQUEST_QUEUE_PROPERTY = "peanutcache.requests.queue";

  /** The key of the most iterations of this node's entries that peers stream at once. */
  public static final String ITERATIONS_PROPERTY = "peanutcache.requests.iterations";

  /** The key of the most threads that deliver events to listeners. */
  public static final String EVENT_THREADS_PROPERTY = "peanutcache.events.threads";

  /** The key of the most events of one cache waiting for their delivery. */
  public static final String EVENT_QUEUE_PROPERTY = "peanutcache.events.queue";

  /** The key of the most listeners one cache has, on every node together. */
  public static final String LISTENERS_PER_CACHE_PROPERTY = "peanutcache.listeners.per-cache";
  /** The key of the patterns added to the deserialization allow-list. */
  public static final String SERIALIZATION_ALLOW_PROPERTY = AllowList.SETTING;

  /** The deadline of a call to a peer when none is set. */
  public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(5);

  /** How long a read-through load may take when no load timeout is set. */
  public static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofSeconds(60);

  /** How long partitions that move take at most when no time is set. */
  public static final Duration DEFAULT_HANDOFF_TIMEOUT = Duration.ofSeconds(30);

  /** How long a call waits for a connection to a peer when no connect timeout is set. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The number of partitions when none is set. */
  public static final int DEFAULT_PARTITIONS = 271;

  /** The largest number of partitions allowed. */
  public static final int MAX_PARTITIONS = 65536;

  /** The largest message a node sends or accepts when none is set: 16 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 << 20;

  /** The smallest largest message allowed: 1 MiB. */
  public static final int MIN_MAX_MESSAGE_SIZE = 1 << 20;

  /** The largest largest message allowed: 1 GiB. */
  public static final int MAX_MAX_MESSAGE_SIZE = 1 << 30;

  /** The threads that run peers' requests when no limit is set. */
  public static final int DEFAULT_REQUEST_THREADS = 64;

  /** The peers' requests waiting for a thread when no limit is set. */
  public static final int DEFAULT_REQUEST_QUEUE = 1024;

  /** The iterations peers stream at once when no limit is set. */
  public static final int DEFAULT_ITERATIONS = 256;

  /** The threads that deliver events when no limit is set. */
  public static final int DEFAULT_EVENT_THREADS = 32;

  /** The events of one cache waiting for their delivery when no limit is set. */
  public static final int DEFAULT_EVENT_QUEUE = 10_000;

  /** The listeners of one cache when no limit is set. */
  public static final int DEFAULT_LISTENERS_PER_CACHE = 256;

  /** The largest thread limit allowed. */
  public static final int MAX_THREADS = 10_000;

  /** The largest queue, iteration and listener limit allowed. */
  public static final int MAX_QUEUE = 1_000_000;

  /** The name of a node that has neither a name nor an address set. */
  public static final String EMBEDDED_NODE_NAME = "embedded";

  /** Every node setting's key, in the order error messages list them. */
  static final List<String> KEYS = List.of(BIND_PROPERTY, ADVERTISE_PROPERTY, PEERS_PROPERTY,
      NODE_NAME_PROPERTY, RPC_TIMEOUT_PROPERTY, LOAD_TIMEOUT_PROPERTY, CONNECT_TIMEOUT_PROPERTY,
      HANDOFF_TIMEOUT_PROPERTY, PARTITIONS_PROPERTY, MAX_MESSAGE_SIZE_PROPERTY, REQUEST_THREADS_PROPERTY, REQUEST_QUEUE_PROPERTY,
      ITERATIONS_PROPERTY, EVENT_THREADS_PROPERTY, EVENT_QUEUE_PROPERTY, LISTENERS_PER_CACHE_PROPERTY,
      SERIALIZATION_ALLOW_PROPERTY, TlsSettings.CERTIFICATE_PROPERTY, TlsSettings.KEY_PROPERTY,
      TlsSettings.KEYSTORE_PROPERTY, TlsSettings.KEYSTORE_PASSWORD_PROPERTY, TlsSettings.TRUST_PROPERTY,
      TlsSettings.MEMBER_NAMES_PROPERTY, EtcdSettings.ENDPOINTS_PROPERTY,
      EtcdSettings.CLUSTER_PROPERTY, EtcdSettings.PREFIX_PROPERTY, EtcdSettings.LEASE_TTL_PROPERTY,
      EtcdSecurity.TRUST_PROPERTY, EtcdSecurity.CERTIFICATE_PROPERTY, EtcdSecurity.KEY_PROPERTY,
      EtcdSecurity.USER_PROPERTY, EtcdSecurity.PASSWORD_PROPERTY, EtcdSecurity.PASSWORD_FILE_PROPERTY);

  private static final NodeSettings EMBEDDED = new NodeSettings(
      null, null, List.of(), null, EMBEDDED_NODE_NAME,
      new Timeouts(DEFAULT_RPC_TIMEOUT, DEFAULT_LOAD_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_HANDOFF_TIMEOUT),
      DEFAULT_PARTITIONS,
      Limits.DEFAULTS, List.of(), null);

  private final HostAndPort bind;
  private final HostAndPort advertise;
  private final List<HostAndPort> peers;
  private final EtcdSettings etcd;
  private final TlsSettings tls;
  private final String nodeName;
  private final Timeouts timeouts;
  private final int partitions;
  private final Limits limits;
  private final List<String> serializationAllow;

  /** The four deadlines of a node: of a call, of a load, of a connection, of a hand-off. */
  private record Timeouts(Duration rpc, Duration load, Duration connect, Duration handOff) {}

  /** What a node spends on its peers at most: its message size, threads, queues and listeners. */
  record Limits(int maxMessageSize, int requestThreads, int requestQueue, int iterations, int eventThreads,
      int eventQueue, int listenersPerCache) {

    static final Limits DEFAULTS = new Limits(DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_REQUEST_THREADS,
        DEFAULT_REQUEST_QUEUE, DEFAULT_ITERATIONS, DEFAULT_EVENT_THREADS, DEFAULT_EVENT_QUEUE,
        DEFAULT_LISTENERS_PER_CACHE);
  }

  private NodeSettings(HostAndPort bind, HostAndPort advertise, List<HostAndPort> peers,
      EtcdSettings etcd, String nodeName, Timeouts timeouts, int partitions, Limits limits,
      List<String> serializationAllow, TlsSettings tls) {
    this.bind = bind;
    this.advertise = advertise;
    this.peers = peers;
    this.etcd = etcd;
    this.nodeName = nodeName;
    this.timeouts = timeouts;
    this.partitions = partitions;
    this.limits = limits;
    this.serializationAllow = serializationAllow;
    this.tls = tls;
  }

  /**
   * Resolves the node settings from the four places they come from.
   *
   * @param managerProperties the properties given to the CacheManager, or null for none
   * @param systemProperties the JVM's system properties
   * @param environment the environment variables
   * @param fileSettings the node settings of the file named by the CacheManager's URI, or null
   *     for none
   * @param fileSource the name of that file (its URI) for error messages, or null when there is
   *     no file
   * @return the settings, each from the place of highest precedence that holds it
   * @throws InvalidSettingException if a place holds a {@code peanutcache.*} key that is not a
   *     node setting, a value that is not a String, or a value that is not allowed; if peers are
   *     set without {@value #BIND_PROPERTY}; or if the peer list leaves out this node's advertise
   *     address or names a node twice
   * @throws NullPointerException if {@code systemProperties} or {@code environment} is null
   */
  public static NodeSettings resolve(Properties managerProperties, Properties systemProperties,
      Map<String, String> environment, Properties fileSettings, String fileSource) {
    Objects.requireNonNull(systemProperties, "systemProperties");
    Objects.requireNonNull(environment, "environment");
    NodeSettingSources sources = NodeSettingSources.read(
        managerProperties, systemProperties, environment, fileSettings, fileSource);
    // the order of the checks decides which error a node with several bad settings reports
    Optional<HostAndPort> bind = NodeSettingsReader.readBind(sources);
    Optional<HostAndPort> advertise = NodeSettingsReader.readAdvertise(sources, bind);
    List<HostAndPort> peers = NodeSettingsReader.readPeers(sources, bind, advertise);
    Optional<EtcdSettings> etcd = NodeSettingsReader.readEtcd(sources, bind, peers);
    String nodeName = NodeSettingsReader.readNodeName(sources, advertise);
    Timeouts timeouts = new Timeouts(
        NodeSettingsReader.readDuration(sources, RPC_TIMEOUT_PROPERTY, DEFAULT_RPC_TIMEOUT),
        NodeSettingsReader.readDuration(sources, LOAD_TIMEOUT_PROPERTY, DEFAULT_LOAD_TIMEOUT),
        NodeSettingsReader.readDuration(sources, CONNECT_TIMEOUT_PROPERTY, DEFAULT_CONNECT_TIMEOUT),
        NodeSettingsReader.readDuration(sources, HANDOFF_TIMEOUT_PROPERTY, DEFAULT_HANDOFF_TIMEOUT));
    int partitions = NodeSettingsReader.readPartitions(sources);
    Limits limits = NodeSettingsReader.readLimits(sources);
    List<String> serializationAllow = NodeSettingsReader.readSerializationAllow(sources);
    return new NodeSettings(bind.orElse(null), advertise.orElse(null), peers, etcd.orElse(null),
        nodeName, timeouts, partitions, limits, serializationAllow,
        TlsSettings.read(sources).orElse(null));
  }

  /**
   * Resolves the node settings with this JVM's system properties and environment variables.
   *
   * @param managerProperties the properties given to the CacheManager, or null for none
   * @param fileSettings the node settings of the file named by the CacheManager's URI, or null
   *     for none
   * @param fileSource the name of that file (its URI) for error messages, or null when there is
   *     no file
   * @return the settings, each from the place of highest precedence that holds it
   * @throws InvalidSettingException as {@link #resolve(Properties, Properties, Map, Properties,
   *     String)} does
   */
  public static NodeSettings resolve(
      Properties managerProperties, Properties fileSettings, String fileSource) {
    return resolve(
        managerProperties, System.getProperties(), System.getenv(), fileSettings, fileSource);
  }

  /**
   * The settings of the embedded single node: every setting at its default.
   *
   * @return settings with no addresses and no peers, named {@value #EMBEDDED_NODE_NAME}
   */
  public static NodeSettings embedded() {
    return EMBEDDED;
  }

  /**
   * The environment variable that holds the setting {@code key}: {@code PEANUTCACHE_} and the
   * rest of the key upper-cased, with {@code .} and {@code -} turned into {@code _}.
   *
   * @param key a key starting with {@code peanutcache.}, such as {@value #NODE_NAME_PROPERTY}
   * @return the variable's name, such as {@code PEANUTCACHE_NODE_NAME}
   * @throws IllegalArgumentException if {@code key} does not start with {@code peanutcache.}
   * @throws NullPointerException if {@code key} is null
   */
  public static String environmentVariable(String key) {
    if (!key.startsWith("peanutcache.")) {
      throw new IllegalArgumentException("not a PeanutCache key: " + key);
    }
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * The address this node's socket listens on.
   *
   * @return the address, always present when the node {@linkplain #isClustered() is clustered};
   *     empty when {@value #BIND_PROPERTY} is not set
   */
  public Optional<HostAndPort> bind() {
    return Optional.ofNullable(bind);
  }

  /**
   * The address peers reach this node at; the bind address unless {@value #ADVERTISE_PROPERTY}
   * is set.
   *
   * @return the address, always present when the node {@linkplain #isClustered() is clustered};
   *     empty when neither {@value #ADVERTISE_PROPERTY} nor {@value #BIND_PROPERTY} is set
   */
  public Optional<HostAndPort> advertise() {
    return Optional.ofNullable(advertise);
  }

  /**
   * The address of every node of the cluster, this one included.
   *
   * @return the addresses in the order given, each once; empty for the embedded single node; the
   *     list cannot be modified
   */
  public List<HostAndPort> peers() {
    return peers;
  }

  /**
   * This node's certificate, key and trusted authorities, when its peers talk mutual TLS.
   *
   * @return the TLS settings; empty unless {@value TlsSettings#CERTIFICATE_PROPERTY} (or
   *     {@value TlsSettings#KEYSTORE_PROPERTY}) and the keys that go with it are set: the node talks
   *     plaintext
   */
  public Optional<TlsSettings> tls() {
    return Optional.ofNullable(tls);
  }

  /**
   * How this node finds its peers through etcd.
   *
   * @return the etcd settings; empty unless {@value EtcdSettings#ENDPOINTS_PROPERTY} is set
   */
  public Optional<EtcdSettings> etcd() {
    return Optional.ofNullable(etcd);
  }

  /**
   * This node's name.
   *
   * @return {@value #NODE_NAME_PROPERTY} when set, else the advertise address as
   *     {@code host:port}, else {@value #EMBEDDED_NODE_NAME}
   */
  public String nodeName() {
    return nodeName;
  }

  /**
   * The deadline of every call this node makes to a peer.
   *
   * @return a duration greater than zero
   */
  public Duration rpcTimeout() {
    return timeouts.rpc();
  }

  /**
   * How long a caller waits for a read-through load, whether it runs here or on the key's owner,
   * before it fails with a {@code CacheLoaderException}; the loader itself is not interrupted. An
   * entry processor that cannot travel holds its key's lease for at most this long.
   *
   * @return a duration greater than zero
   */
  public Duration loadTimeout() {
    return timeouts.load();
  }

  /**
   * How long a call waits for its connection to a peer, before the operation's own deadline starts.
   * A peer that has been reached before and now refuses connections counts as down at once; one
   * never reached yet (it may be starting) is waited for this long.
   *
   * @return a duration greater than zero
   */
  public Duration connectTimeout() {
    return timeouts.connect();
  }

  /**
   * How long partitions that move take at most to reach their new owner, with etcd membership: a
   * node that stops cleanly waits this long for the new owners of its partitions to take them
   * over, and a node that takes partitions over holds their operations this long at most while
   * their entries arrive.
   *
   * @return a duration greater than zero
   */
  public Duration handOffTimeout() {
    return timeouts.handOff();
  }

  /**
   * The number of partitions keys are spread over, the same on every node of the cluster.
   *
   * @return a number from 1 to {@value #MAX_PARTITIONS}
   */
  public int partitions() {
    return partitions;
  }

  /**
   * The largest message this node sends to a peer or accepts from one, in bytes: a request or reply
   * above it is refused on the node that would send it, naming {@value #MAX_MESSAGE_SIZE_PROPERTY},
   * and one that arrives above it is refused with {@code RESOURCE_EXHAUSTED}.
   *
   * @return a number of bytes from {@value #MIN_MAX_MESSAGE_SIZE} to {@value #MAX_MAX_MESSAGE_SIZE}
   */
  public int maxMessageSize() {
    return limits.maxMessageSize();
  }

  /**
   * The most threads that run the requests of peers on this node at once.
   *
   * @return a number from 1 to {@value #MAX_THREADS}
   */
  public int requestThreads() {
    return limits.requestThreads();
  }

  /**
   * The most requests of peers that wait for a thread; a request beyond them and
   * {@link #requestThreads()} is refused at once with {@code RESOURCE_EXHAUSTED}.
   *
   * @return a number from 1 to {@value #MAX_QUEUE}
   */
  public int requestQueue() {
    return limits.requestQueue();
  }

  /**
   * The most iterations of this node's entries that peers stream at once; another is refused with
   * {@code RESOURCE_EXHAUSTED}.
   *
   * @return a number from 1 to {@value #MAX_QUEUE}
   */
  public int iterations() {
    return limits.iterations();
  }

  /**
   * The most threads that deliver the events of this node's caches to their listeners at once.
   *
   * @return a number from 1 to {@value #MAX_THREADS}
   */
  public int eventThreads() {
    return limits.eventThreads();
  }

  /**
   * The most events of one cache that wait for their delivery on this node; an event beyond them
   * is refused: the operation that waits for a synchronous listener fails, and an asynchronous
   * listener does not get it.
   *
   * @return a number from 1 to {@value #MAX_QUEUE}
   */
  public int eventQueue() {
    return limits.eventQueue();
  }

  /**
   * The most listeners a cache has, on every node together, as this node knows them; another is
   * refused.
   *
   * @return a number from 1 to {@value #MAX_QUEUE}
   */
  public int listenersPerCache() {
    return limits.listenersPerCache();
  }

  /**
   * The patterns this CacheManager adds to its node's deserialization allow-list: those of every
   * place that sets {@value #SERIALIZATION_ALLOW_PROPERTY}, highest precedence first.
   *
   * @return the patterns, each checked; empty if no place sets any
   */
  public List<String> serializationAllow() {
    return serializationAllow;
  }

  /**
   * Whether this node is part of a cluster, with a socket and peers, rather than the embedded
   * single node.
   *
   * @return true when peers or etcd endpoints are set
   */
  public boolean isClustered() {
    return !peers.isEmpty() || etcd != null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NodeSettings that
        && Objects.equals(bind, that.bind)
        && Objects.equals(advertise, that.advertise)
        && peers.equals(that.peers)
        && Objects.equals(etcd, that.etcd)
        && Objects.equals(tls, that.tls)
        && nodeName.equals(that.nodeName)
        && timeouts.equals(that.timeouts)
        && partitions == that.partitions
        && limits.equals(that.limits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(bind, advertise, peers, etcd, tls, nodeName, timeouts, partitions, limits);
  }

  @Override
  public String toString() {
    return "NodeSettings{nodeName=" + nodeName
        + ", bind=" + (bind == null ? "none" : bind)
        + ", advertise=" + (advertise == null ? "none" : advertise)
        + ", peers=" + peers
        + (etcd == null ? "" : ", etcd=" + etcd)
        + (tls == null ? "" : ", tls=" + tls)
        + ", rpcTimeout=" + timeouts.rpc()
        + ", loadTimeout=" + timeouts.load()
        + ", connectTimeout=" + timeouts.connect()
        + ", handOffTimeout=" + timeouts.handOff()
        + ", partitions=" + partitions
        + (limits.equals(Limits.DEFAULTS) ? "" : ", " + limits)
        + (serializationAllow.isEmpty() ? "" : ", serializationAllow=" + serializationAllow) + "}";
  }
}
