package io.peanutcache.etcd;

import io.peanutcache.InvalidSettingException;
import io.peanutcache.settings.HostAndPort;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a node writes about itself in etcd, as one line of JSON that people can read with
 * {@code etcdctl get --prefix}: the address its peers reach it at, the PeanutCache version it runs,
 * when it started, and an id that tells this run of the node from an earlier one of the same name.
 *
 * @param address the {@code host:port} its peers reach it at
 * @param version the PeanutCache version
 * @param started when the node started
 * @param instance a random id of this run of the node
 */
record MemberRecord(String address, String version, Instant started, String instance) {

  /**
   * The record as JSON: {@code {"address":"10.0.0.5:7001","version":"0.1.0",
   * "started":"2026-11-23T19:20:00Z","instance":"5f0c…"}}.
   *
   * @return the JSON text
   */
  public String toJson() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("address", address);
    fields.put("version", version);
    fields.put("started", started.toString());
    fields.put("instance", instance);
    return FlatJson.write(fields);
  }

  /**
   * Reads a record written by {@link #toJson}: a flat JSON object of string fields.
   *
   * @param json the text
   * @return the record, its address in the canonical form of {@link HostAndPort}; empty if the
   *     text is not such an object, or its address is missing or is not a {@code host:port}
   */
  public static Optional<MemberRecord> parse(String json) {
    Map<String, String> fields = FlatJson.read(json).orElse(null);
    String address = fields == null ? null : address(fields.get("address"));
    if (address == null) {
      return Optional.empty();
    }
    Instant started;
    try {
      started = fields.containsKey("started") ? Instant.parse(fields.get("started")) : Instant.EPOCH;
    } catch (RuntimeException e) {
      started = Instant.EPOCH;
    }
    return Optional.of(new MemberRecord(address, fields.getOrDefault("version", ""),
        started, fields.getOrDefault("instance", "")));
  }

  /** The address in canonical form, or null if {@code text} is missing or not a {@code host:port}. */
  private static String address(String text) {
    if (text == null) {
      return null;
    }
    try {
      return HostAndPort.parse("address", text).toString();
    } catch (InvalidSettingException | IllegalArgumentException notAnAddress) {
      return null;
    }
  }

}
