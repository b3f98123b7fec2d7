package io.peanutcache.settings;

import static io.peanutcache.settings.NodeSettings.ADVERTISE_PROPERTY;
import static io.peanutcache.settings.NodeSettings.BIND_PROPERTY;
import static io.peanutcache.settings.NodeSettings.DEFAULT_PARTITIONS;
import static io.peanutcache.settings.NodeSettings.EMBEDDED_NODE_NAME;
import static io.peanutcache.settings.NodeSettings.MAX_PARTITIONS;
import static io.peanutcache.settings.NodeSettings.NODE_NAME_PROPERTY;
import static io.peanutcache.settings.NodeSettings.PARTITIONS_PROPERTY;
import static io.peanutcache.settings.NodeSettings.PEERS_PROPERTY;
import static io.peanutcache.settings.NodeSettings.SERIALIZATION_ALLOW_PROPERTY;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.codec.AllowList;
import io.peanutcache.config.ByteSizeSetting;
import io.peanutcache.config.DurationSetting;
import io.peanutcache.settings.NodeSettingSources.Found;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads each node setting from the place that holds it and checks its value, for
 * {@link NodeSettings#resolve}.
 *
 * <p>Each method reads one setting (or, for etcd, the settings that go with its endpoints), given
 * the settings it depends on, and returns its value or its default; a value that is not allowed
 * throws the {@link InvalidSettingException} of {@link Found#invalid}, whose message names the key,
 * the value, where it was found and what is allowed. {@code resolve} calls them in the order the
 * settings are checked: bind, advertise, peers, etcd, node name, the three timeouts, partitions,
 * the limits.
 * The methods are static and keep no state, so any thread may call them.
 */
final class NodeSettingsReader {

  private static final String PEERS_ALLOWED = "a comma-separated list of " + HostAndPort.ALLOWED;

  private static final String DURATION_ALLOWED = "a duration greater than zero: ISO-8601"
      + " (PT0.5S) or a whole number with a unit ms, s, m, h or d (500ms, 10s)";

  private static final String PARTITIONS_ALLOWED =
      "a whole number from 1 to " + MAX_PARTITIONS;

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

  private static final String MESSAGE_SIZE_ALLOWED = "a number of bytes from 1MiB to 1GiB: "
      + ByteSizeSetting.ALLOWED;

  private NodeSettingsReader() {}

  /** Reads {@value NodeSettings#BIND_PROPERTY}. */
  static Optional<HostAndPort> readBind(NodeSettingSources sources) {
    return sources.find(BIND_PROPERTY).map(NodeSettingsReader::address);
  }

  /** Reads {@value NodeSettings#ADVERTISE_PROPERTY}, which defaults to the bind address. */
  static Optional<HostAndPort> readAdvertise(
      NodeSettingSources sources, Optional<HostAndPort> bind) {
    return sources.find(ADVERTISE_PROPERTY).map(NodeSettingsReader::address).or(() -> bind);
  }

  /** Reads {@value NodeSettings#PEERS_PROPERTY} and checks that it names this node and needs no more. */
  static List<HostAndPort> readPeers(NodeSettingSources sources,
      Optional<HostAndPort> bind, Optional<HostAndPort> advertise) {
    Optional<Found> found = sources.find(PEERS_PROPERTY);
    if (found.isEmpty() || found.get().value().isBlank()) {
      return List.of();
    }
    Found setting = found.get();
    List<HostAndPort> peers = new ArrayList<>();
    for (String entry : setting.value().split(",", -1)) {
      HostAndPort peer = peer(setting, entry.trim());
      if (peers.contains(peer)) {
        throw setting.invalid("each node once; " + peer + " is listed more than once");
      }
      peers.add(peer);
    }
    if (bind.isEmpty()) {
      throw setting.invalid("a list only when " + BIND_PROPERTY + " is set too: bind is required"
          + " when peers are set (leave " + PEERS_PROPERTY + " empty for an embedded node)");
    }
    if (!peers.contains(advertise.orElseThrow())) {
      boolean advertiseSet = sources.find(ADVERTISE_PROPERTY).isPresent();
      throw setting.invalid("a list that names every node, this one included; this node's"
          + " advertise address " + advertise.orElseThrow() + " is not in it"
          + (advertiseSet ? "" : " (" + ADVERTISE_PROPERTY + " is not set, so it is the "
              + BIND_PROPERTY + " address)"));
    }
    return List.copyOf(peers);
  }

  /**
   * Reads the etcd settings, and checks that etcd endpoints come without a static peer list and
   * with a bind address.
   */
  static Optional<EtcdSettings> readEtcd(NodeSettingSources sources,
      Optional<HostAndPort> bind, List<HostAndPort> peers) {
    Optional<EtcdSettings> etcd = EtcdSettings.read(sources);
    if (etcd.isPresent()) {
      Found endpoints = sources.find(EtcdSettings.ENDPOINTS_PROPERTY).orElseThrow();
      if (!peers.isEmpty()) {
        throw endpoints.invalid("etcd endpoints or a static " + PEERS_PROPERTY + " list, not both (the "
            + "peer list is set too, in " + sources.find(PEERS_PROPERTY).orElseThrow().where() + ")");
      }
      if (bind.isEmpty()) {
        throw endpoints.invalid("etcd endpoints only when " + BIND_PROPERTY + " is set too: a node that "
            + "joins a cluster needs an address to listen on");
      }
    }
    return etcd;
  }

  /** Reads {@value NodeSettings#NODE_NAME_PROPERTY}, which defaults to the advertise address. */
  static String readNodeName(NodeSettingSources sources, Optional<HostAndPort> advertise) {
    Optional<Found> found = sources.find(NODE_NAME_PROPERTY);
    if (found.isEmpty()) {
      return advertise.map(HostAndPort::toString).orElse(EMBEDDED_NODE_NAME);
    }
    String name = found.get().value().trim();
    if (name.isEmpty()) {
      throw found.get().invalid("a name that is not blank");
    }
    return name;
  }

  /** Reads a duration setting, which must be more than zero. */
  static Duration readDuration(NodeSettingSources sources, String key, Duration defaultValue) {
    Optional<Found> found = sources.find(key);
    if (found.isEmpty()) {
      return defaultValue;
    }
    Duration timeout;
    try {
      timeout = DurationSetting.parse(key, found.get().value());
    } catch (InvalidSettingException notADuration) {
      throw found.get().invalid(DURATION_ALLOWED, notADuration);
    }
    if (timeout.isZero()) {
      throw found.get().invalid(DURATION_ALLOWED);
    }
    return timeout;
  }

  /** Reads {@value NodeSettings#PARTITIONS_PROPERTY}, from 1 to {@value NodeSettings#MAX_PARTITIONS}. */
  static int readPartitions(NodeSettingSources sources) {
    Optional<Found> found = sources.find(PARTITIONS_PROPERTY);
    if (found.isEmpty()) {
      return DEFAULT_PARTITIONS;
    }
    String value = found.get().value().trim();
    if (!DIGITS.matcher(value).matches()) {
      throw found.get().invalid(PARTITIONS_ALLOWED);
    }
    int partitions = Integer.parseInt(value);
    if (partitions < 1 || partitions > MAX_PARTITIONS) {
      throw found.get().invalid(PARTITIONS_ALLOWED);
    }
    return partitions;
  }

  /** Reads the limits on what the node spends on its peers, each within its range. */
  static NodeSettings.Limits readLimits(NodeSettingSources sources) {
    return new NodeSettings.Limits(
        readMaxMessageSize(sources),
        readWholeNumber(sources, NodeSettings.REQUEST_THREADS_PROPERTY, NodeSettings.DEFAULT_REQUEST_THREADS,
            NodeSettings.MAX_THREADS),
        readWholeNumber(sources, NodeSettings.REQUEST_QUEUE_PROPERTY, NodeSettings.DEFAULT_REQUEST_QUEUE,
            NodeSettings.MAX_QUEUE),
        readWholeNumber(sources, NodeSettings.ITERATIONS_PROPERTY, NodeSettings.DEFAULT_ITERATIONS,
            NodeSettings.MAX_QUEUE),
        readWholeNumber(sources, NodeSettings.EVENT_THREADS_PROPERTY, NodeSettings.DEFAULT_EVENT_THREADS,
            NodeSettings.MAX_THREADS),
        readWholeNumber(sources, NodeSettings.EVENT_QUEUE_PROPERTY, NodeSettings.DEFAULT_EVENT_QUEUE,
            NodeSettings.MAX_QUEUE),
        readWholeNumber(sources, NodeSettings.LISTENERS_PER_CACHE_PROPERTY,
            NodeSettings.DEFAULT_LISTENERS_PER_CACHE, NodeSettings.MAX_QUEUE));
  }

  /** Reads {@value NodeSettings#MAX_MESSAGE_SIZE_PROPERTY}, from 1 MiB to 1 GiB. */
  static int readMaxMessageSize(NodeSettingSources sources) {
    Optional<Found> found = sources.find(NodeSettings.MAX_MESSAGE_SIZE_PROPERTY);
    if (found.isEmpty()) {
      return NodeSettings.DEFAULT_MAX_MESSAGE_SIZE;
    }
    long bytes;
    try {
      bytes = ByteSizeSetting.parse(found.get().key(), found.get().value().trim());
    } catch (InvalidSettingException notASize) {
      throw found.get().invalid(MESSAGE_SIZE_ALLOWED, notASize);
    }
    if (bytes < NodeSettings.MIN_MAX_MESSAGE_SIZE || bytes > NodeSettings.MAX_MAX_MESSAGE_SIZE) {
      throw found.get().invalid(MESSAGE_SIZE_ALLOWED);
    }
    return (int) bytes;
  }

  /** Reads a setting that is a whole number from 1 to {@code max}. */
  static int readWholeNumber(NodeSettingSources sources, String key, int defaultValue, int max) {
    Optional<Found> found = sources.find(key);
    if (found.isEmpty()) {
      return defaultValue;
    }
    String allowed = "a whole number from 1 to " + max;
    String value = found.get().value().trim();
    if (!DIGITS.matcher(value).matches()) {
      throw found.get().invalid(allowed);
    }
    int number = Integer.parseInt(value);
    if (number < 1 || number > max) {
      throw found.get().invalid(allowed);
    }
    return number;
  }

  /**
   * Reads {@value NodeSettings#SERIALIZATION_ALLOW_PROPERTY} from every place that sets it: the
   * list only ever allows more, so no place hides another.
   */
  static List<String> readSerializationAllow(NodeSettingSources sources) {
    List<String> patterns = new ArrayList<>();
    for (Found found : sources.findAll(SERIALIZATION_ALLOW_PROPERTY)) {
      List<String> parsed;
      try {
        parsed = AllowList.parse(found.value());
      } catch (IllegalArgumentException malformed) {
        throw found.invalid(AllowList.SETTING_ALLOWED, malformed);
      }
      parsed.stream().filter(pattern -> !patterns.contains(pattern)).forEach(patterns::add);
    }
    return List.copyOf(patterns);
  }

  private static HostAndPort address(Found setting) {
    try {
      return HostAndPort.parse(setting.key(), setting.value());
    } catch (InvalidSettingException malformed) {
      throw setting.invalid(HostAndPort.ALLOWED, malformed);
    }
  }

  private static HostAndPort peer(Found peers, String entry) {
    if (entry.isEmpty()) {
      throw peers.invalid(PEERS_ALLOWED + "; not an empty entry");
    }
    try {
      return HostAndPort.parse(PEERS_PROPERTY, entry);
    } catch (InvalidSettingException malformed) {
      throw peers.invalid(PEERS_ALLOWED + "; not \"" + entry + "\"", malformed);
    }
  }
}
