package io.peanutcache.spring.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code peanutcache.*} properties: the node's settings, with the provider's keys and
 * meanings, and the caches, with the provider's per-cache setting names. Values are checked by
 * the provider when the node starts, with its rules and messages; a property that is not listed
 * here is an error rather than ignored.
 */
@ConfigurationProperties(prefix = "peanutcache", ignoreUnknownFields = false)
public class PeanutCacheProperties {

  /**
   * The address this node listens on, host:port, 1.2.3.4:port or [::1]:port. Required with
   * peers or etcd; without both, the node is embedded and opens no socket.
   */
  private String bind;

  /** The address peers reach this node at, in the same form. Defaults to the bind address. */
  private String advertise;

  /**
   * The address of every node of the cluster, this one included, the same list on every node.
   * Empty: no static peer list (embedded, or etcd).
   */
  private List<String> peers = new ArrayList<>();

  /** Settings of this node. */
  private final Node node = new Node();

  /** Calls to peers. */
  private final Rpc rpc = new Rpc();

  /** Read-through loads. */
  private final Load load = new Load();

  /** Connections to peers. */
  private final Connect connect = new Connect();

  /** Partitions that move between nodes with etcd membership. */
  private final Handoff handoff = new Handoff();

  /** The number of partitions keys are hashed into, 1 to 65536, the same on every node. Default 271. */
  private Integer partitions;

  /**
   * The cluster's name in etcd: 1 to 64 letters, digits, '.', '_' or '-'. Default "default".
   */
  private String cluster;

  /** Finding the members through etcd instead of a static peer list. */
  private final Etcd etcd = new Etcd();

  /** What Java-serialized bytes from other nodes may create on this node. */
  private final Serialization serialization = new Serialization();

  /**
   * The largest message this node sends to or accepts from a peer: 1MiB to 1GiB, a number with an
   * optional unit B, KB, MB, GB, KiB, MiB or GiB. Default 16MiB.
   */
  private String maxMessageSize;

  /** The threads, queue and iterations that run peers' requests on this node. */
  private final Requests requests = new Requests();

  /** The threads and queue that deliver listeners' events on this node. */
  private final Events events = new Events();

  /** The listeners of a cache. */
  private final Listeners listeners = new Listeners();

  /** Mutual TLS between the nodes: a key and the trusted authorities, or none for plaintext. */
  private final Tls tls = new Tls();

  /**
   * The CacheManager's name in the cluster: the nodes whose managers have the same name share
   * their caches. Default "urn:peanutcache:spring-boot", the same for every application that
   * uses the starter, so keep applications that share an etcd apart with peanutcache.cluster.
   * With spring.cache.jcache.config, the default is the file's own peanutcache.manager, else
   * "classpath:" and the file's path.
   */
  private String manager;

  /**
   * The caches, by name, with PeanutCache's per-cache settings (a name with dots goes in
   * brackets: peanutcache.cache.[com.example.users].loader). Declared caches are created when
   * the application starts.
   */
  private Map<String, Cache> cache = new LinkedHashMap<>();

  /**
   * The settings of every cache that peanutcache.cache does not set itself, among them the
   * caches created on first use.
   */
  private final Cache cacheDefaults = new Cache();

  public String getBind() {
    return bind;
  }

  public void setBind(String bind) {
    this.bind = bind;
  }

  public String getAdvertise() {
    return advertise;
  }

  public void setAdvertise(String advertise) {
    this.advertise = advertise;
  }

  public List<String> getPeers() {
    return peers;
  }

  public void setPeers(List<String> peers) {
    this.peers = peers;
  }

  public Node getNode() {
    return node;
  }

  public Rpc getRpc() {
    return rpc;
  }

  public Load getLoad() {
    return load;
  }

  public Connect getConnect() {
    return connect;
  }

  public Handoff getHandoff() {
    return handoff;
  }

  public Integer getPartitions() {
    return partitions;
  }

  public void setPartitions(Integer partitions) {
    this.partitions = partitions;
  }

  public String getCluster() {
    return cluster;
  }

  public void setCluster(String cluster) {
    this.cluster = cluster;
  }

  public Etcd getEtcd() {
    return etcd;
  }

  public Serialization getSerialization() {
    return serialization;
  }

  public String getMaxMessageSize() {
    return maxMessageSize;
  }

  public void setMaxMessageSize(String maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
  }

  public Requests getRequests() {
    return requests;
  }

  public Events getEvents() {
    return events;
  }

  public Listeners getListeners() {
    return listeners;
  }

  public Tls getTls() {
    return tls;
  }

  public String getManager() {
    return manager;
  }

  public void setManager(String manager) {
    this.manager = manager;
  }

  public Map<String, Cache> getCache() {
    return cache;
  }

  public void setCache(Map<String, Cache> cache) {
    this.cache = cache;
  }

  public Cache getCacheDefaults() {
    return cacheDefaults;
  }

  /** Settings of this node. */
  public static class Node {

    /**
     * This node's name: in logs, and on the ring with etcd, where it must be unique among live
     * nodes. Default: the advertise address.
     */
    private String name;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }
  }

  /** Calls to peers. */
  public static class Rpc {

    /**
     * The deadline of a call to a peer, counted once its connection is ready: a duration above
     * zero, ISO-8601 (PT5S) or a whole number with ms, s, m, h or d (5s). Default 5s.
     */
    private String timeout;

    public String getTimeout() {
      return timeout;
    }

    public void setTimeout(String timeout) {
      this.timeout = timeout;
    }
  }

  /** Read-through loads. */
  public static class Load {

    /**
     * How long a caller waits for a read-through load, here or on the key's owner, and how long
     * a @Cacheable(sync = true) method may hold its key's lease: a duration above zero (60s).
     * Default 60s.
     */
    private String timeout;

    public String getTimeout() {
      return timeout;
    }

    public void setTimeout(String timeout) {
      this.timeout = timeout;
    }
  }

  /** Connections to peers. */
  public static class Connect {

    /**
     * How long a call waits for a peer never reached yet (it may be starting) before it counts
     * as down: a duration above zero (10s). Default 10s.
     */
    private String timeout;

    public String getTimeout() {
      return timeout;
    }

    public void setTimeout(String timeout) {
      this.timeout = timeout;
    }
  }

  /** Partitions that move between nodes with etcd membership. */
  public static class Handoff {

    /**
     * How long partitions that move take at most to reach their new owner: a node that stops
     * waits this long for the new owners of its partitions to take them; a node that takes
     * partitions over holds their operations this long at most. A duration above zero. Default 30s.
     */
    private String timeout;

    public String getTimeout() {
      return timeout;
    }

    public void setTimeout(String timeout) {
      this.timeout = timeout;
    }
  }

  /** Finding the members through etcd. */
  public static class Etcd {

    /**
     * The etcd client URLs, http://host:port or https://host:port. Not with peanutcache.peers;
     * needs peanutcache.bind. Empty: no etcd.
     */
    private List<String> endpoints = new ArrayList<>();

    /**
     * Where the cluster's keys live in etcd: starts with '/', does not end with one. Default
     * /peanutcache/ and the cluster's name.
     */
    private String prefix;

    /**
     * How long after a node dies its registration lasts: whole seconds from 1s to 1h. Default 5s.
     */
    private String leaseTtl;

    /**
     * The etcd user this node calls as, with password or password-file. Default: none (or the
     * common name of the client certificate, when etcd runs with --client-cert-auth).
     */
    private String user;

    /** The etcd user's password. Not with password-file. */
    private String password;

    /** A file holding the etcd user's password; a final line break is not part of it. */
    private String passwordFile;

    /** TLS to etcd, with https:// endpoints. */
    private final EtcdTls tls = new EtcdTls();

    public List<String> getEndpoints() {
      return endpoints;
    }

    public void setEndpoints(List<String> endpoints) {
      this.endpoints = endpoints;
    }

    public String getPrefix() {
      return prefix;
    }

    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }

    public String getLeaseTtl() {
      return leaseTtl;
    }

    public void setLeaseTtl(String leaseTtl) {
      this.leaseTtl = leaseTtl;
    }

    public String getUser() {
      return user;
    }

    public void setUser(String user) {
      this.user = user;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }

    public String getPasswordFile() {
      return passwordFile;
    }

    public void setPasswordFile(String passwordFile) {
      this.passwordFile = passwordFile;
    }

    public EtcdTls getTls() {
      return tls;
    }
  }

  /** The files of TLS to etcd: the authorities etcd's certificate chains to, and a client certificate. */
  public static class EtcdTls {

    /**
     * A PEM file: the certificates of the authorities etcd's certificate chains to. Default: the
     * JDK's default trusted authorities.
     */
    private String trust;

    /** A PEM file: this node's client certificate, then the rest of its chain; with key. */
    private String certificate;

    /** A PEM file: the client certificate's private key, unencrypted PKCS#8; with certificate. */
    private String key;

    public String getTrust() {
      return trust;
    }

    public void setTrust(String trust) {
      this.trust = trust;
    }

    public String getCertificate() {
      return certificate;
    }

    public void setCertificate(String certificate) {
      this.certificate = certificate;
    }

    public String getKey() {
      return key;
    }

    public void setKey(String key) {
      this.key = key;
    }
  }

  /** The threads, queue and iterations that run peers' requests on this node. */
  public static class Requests {

    /** The most threads that run peers' requests: 1 to 10000. Default 64. */
    private Integer threads;

    /** The most requests waiting for a thread; one more is refused at once: 1 to 1000000. Default 1024. */
    private Integer queue;

    /** The most iterations peers stream from this node at once: 1 to 1000000. Default 256. */
    private Integer iterations;

    public Integer getThreads() {
      return threads;
    }

    public void setThreads(Integer threads) {
      this.threads = threads;
    }

    public Integer getQueue() {
      return queue;
    }

    public void setQueue(Integer queue) {
      this.queue = queue;
    }

    public Integer getIterations() {
      return iterations;
    }

    public void setIterations(Integer iterations) {
      this.iterations = iterations;
    }
  }

  /** The threads and queue that deliver listeners' events on this node. */
  public static class Events {

    /** The most threads that deliver events: 1 to 10000. Default 32. */
    private Integer threads;

    /** The most events of one cache waiting for their delivery: 1 to 1000000. Default 10000. */
    private Integer queue;

    public Integer getThreads() {
      return threads;
    }

    public void setThreads(Integer threads) {
      this.threads = threads;
    }

    public Integer getQueue() {
      return queue;
    }

    public void setQueue(Integer queue) {
      this.queue = queue;
    }
  }

  /**
   * Mutual TLS between the nodes: this node's key (a PEM certificate and key, or a PKCS#12
   * keystore) and the trusted authorities, or none for plaintext. The files are read again when
   * they change.
   */
  public static class Tls {

    /** A PEM file: this node's certificate, then the rest of its chain. */
    private String certificate;

    /** A PEM file: this node's private key, unencrypted PKCS#8. */
    private String key;

    /** Instead of certificate and key, a PKCS#12 file holding this node's key and its chain. */
    private String keystore;

    /** The password of the keystore and of its key; empty by default. */
    private String keystorePassword;

    /** A PEM file: the certificates of the authorities the members' certificates chain to. */
    private String trust;

    /**
     * Whether a member's certificate must name the member: its node name as a DNS subject
     * alternative name, or as a URI peanutcache:name. Default false.
     */
    private Boolean memberNames;

    public String getCertificate() {
      return certificate;
    }

    public void setCertificate(String certificate) {
      this.certificate = certificate;
    }

    public String getKey() {
      return key;
    }

    public void setKey(String key) {
      this.key = key;
    }

    public String getTrust() {
      return trust;
    }

    public void setTrust(String trust) {
      this.trust = trust;
    }

    public String getKeystore() {
      return keystore;
    }

    public void setKeystore(String keystore) {
      this.keystore = keystore;
    }

    public String getKeystorePassword() {
      return keystorePassword;
    }

    public void setKeystorePassword(String keystorePassword) {
      this.keystorePassword = keystorePassword;
    }

    public Boolean getMemberNames() {
      return memberNames;
    }

    public void setMemberNames(Boolean memberNames) {
      this.memberNames = memberNames;
    }
  }

  /** The listeners of a cache. */
  public static class Listeners {

    /** The most listeners a cache has, every node's together: 1 to 1000000. Default 256. */
    private Integer perCache;

    public Integer getPerCache() {
      return perCache;
    }

    public void setPerCache(Integer perCache) {
      this.perCache = perCache;
    }
  }

  /** What Java-serialized bytes from other nodes may create on this node. */
  public static class Serialization {

    /**
     * The classes that keys, values and entry processors from other nodes may be Java-serialized
     * objects of, beyond those always allowed: JDK filter patterns, such as com.example.** (a
     * package and its subpackages), com.example.* (one package), org.acme.Money (one class) or
     * !org.acme.Bad (a refusal, which wins over the packages allowed by default). Always
     * allowed: the JDK's value types (java.lang, java.math, java.time, the java.util
     * collections), javax.cache, PeanutCache, each cache's key and value types, Spring's
     * SimpleKey and NullValue, and the application's packages (those of its
     * SpringBootApplication class, with their subpackages). Anything else from another node is
     * refused, naming the class and this property.
     */
    private List<String> allow = new ArrayList<>();

    public List<String> getAllow() {
      return allow;
    }

    public void setAllow(List<String> allow) {
      this.allow = allow;
    }
  }

  /** The settings of one cache, named as in PeanutCache's settings file; unset ones are not set. */
  public static class Cache {

    /** The class of the keys, loaded with the application's ClassLoader. Default Object. */
    private String keyType;

    /** The class of the values, loaded with the application's ClassLoader. Default Object. */
    private String valueType;

    /** Whether entries are kept as encoded copies (true) or as the objects themselves. Default true. */
    private Boolean storeByValue;

    /** Whether a miss is loaded by the cache's loader, once, on the key's owner. Default false. */
    private Boolean readThrough;

    /** Whether changes are written through the cache's writer, on the key's owner. Default false. */
    private Boolean writeThrough;

    /**
     * Whether the cache keeps JCache statistics, with their MXBean; the cache metrics and the
     * actuator endpoint read them. Default true.
     */
    private Boolean statistics;

    /** Whether the cache's configuration MXBean is registered. Default false. */
    private Boolean management;

    /**
     * A public class implementing javax.cache.integration.CacheLoader with a public no-arg
     * constructor.
     */
    private String loader;

    /**
     * A public class implementing javax.cache.integration.CacheWriter with a public no-arg
     * constructor.
     */
    private String writer;

    /**
     * eternal, or created, accessed, modified or touched followed by a duration (accessed 10m).
     * Default eternal.
     */
    private String expiry;

    /** At most this many entries, a whole number of at least 1. Not with maximum-bytes. */
    private Long maximumEntries;

    /**
     * At most this many bytes of encoded keys and values: a whole number of at least 1 with an
     * optional unit B, KB, MB, GB or KiB, MiB, GiB (64MiB). Not with maximum-entries.
     */
    private String maximumBytes;

    /**
     * Each node keeps up to this many copies of others' entries, each served for at most this
     * long: a whole number of at least 1 and a duration above zero (10000 5s). Default off.
     */
    private String hotCache;

    /**
     * Whether the Spring cache stores null values (as a marker) rather than refusing them.
     * Default true.
     */
    private Boolean allowNullValues;

    public String getKeyType() {
      return keyType;
    }

    public void setKeyType(String keyType) {
      this.keyType = keyType;
    }

    public String getValueType() {
      return valueType;
    }

    public void setValueType(String valueType) {
      this.valueType = valueType;
    }

    public Boolean getStoreByValue() {
      return storeByValue;
    }

    public void setStoreByValue(Boolean storeByValue) {
      this.storeByValue = storeByValue;
    }

    public Boolean getReadThrough() {
      return readThrough;
    }

    public void setReadThrough(Boolean readThrough) {
      this.readThrough = readThrough;
    }

    public Boolean getWriteThrough() {
      return writeThrough;
    }

    public void setWriteThrough(Boolean writeThrough) {
      this.writeThrough = writeThrough;
    }

    public Boolean getStatistics() {
      return statistics;
    }

    public void setStatistics(Boolean statistics) {
      this.statistics = statistics;
    }

    public Boolean getManagement() {
      return management;
    }

    public void setManagement(Boolean management) {
      this.management = management;
    }

    public String getLoader() {
      return loader;
    }

    public void setLoader(String loader) {
      this.loader = loader;
    }

    public String getWriter() {
      return writer;
    }

    public void setWriter(String writer) {
      this.writer = writer;
    }

    public String getExpiry() {
      return expiry;
    }

    public void setExpiry(String expiry) {
      this.expiry = expiry;
    }

    public Long getMaximumEntries() {
      return maximumEntries;
    }

    public void setMaximumEntries(Long maximumEntries) {
      this.maximumEntries = maximumEntries;
    }

    public String getMaximumBytes() {
      return maximumBytes;
    }

    public void setMaximumBytes(String maximumBytes) {
      this.maximumBytes = maximumBytes;
    }

    public String getHotCache() {
      return hotCache;
    }

    public void setHotCache(String hotCache) {
      this.hotCache = hotCache;
    }

    public Boolean getAllowNullValues() {
      return allowNullValues;
    }

    public void setAllowNullValues(Boolean allowNullValues) {
      this.allowNullValues = allowNullValues;
    }

    /**
     * The provider's settings this declares, by the provider's setting name
     * ({@code maximum-entries}), in a stable order; unset ones are left out.
     *
     * @return the settings, which the caller may change
     */
    public Map<String, String> providerSettings() {
      Map<String, String> settings = new LinkedHashMap<>();
      put(settings, "key-type", keyType);
      put(settings, "value-type", valueType);
      put(settings, "store-by-value", storeByValue);
      put(settings, "read-through", readThrough);
      put(settings, "write-through", writeThrough);
      put(settings, "statistics", statistics);
      put(settings, "management", management);
      put(settings, "loader", loader);
      put(settings, "writer", writer);
      put(settings, "expiry", expiry);
      put(settings, "maximum-entries", maximumEntries);
      put(settings, "maximum-bytes", maximumBytes);
      put(settings, "hot-cache", hotCache);
      return settings;
    }

    private static void put(Map<String, String> settings, String name, Object value) {
      if (value != null) {
        settings.put(name, value.toString());
      }
    }
  }
}
