package io.peanutcache.cluster.membership;

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
public record MemberRecord(String address, String version, Instant started, String instance) {

  /**
   * The record as JSON: {@code {"address":"10.0.0.5:7001","version":"0.1.0",
   * "started":"2026-11-23T19:20:00Z","instance":"5f0c…"}}.
   *
   * @return the JSON text
   */
  public String toJson() {
    return "{\"address\":\"" + escape(address) + "\",\"version\":\"" + escape(version)
        + "\",\"started\":\"" + started + "\",\"instance\":\"" + escape(instance) + "\"}";
  }

  /**
   * Reads a record written by {@link #toJson}: a flat JSON object of string fields.
   *
   * @param json the text
   * @return the record, or empty if the text is not such an object or has no address
   */
  public static Optional<MemberRecord> parse(String json) {
    Map<String, String> fields = fields(json.trim());
    if (fields == null || fields.get("address") == null || fields.get("address").isBlank()) {
      return Optional.empty();
    }
    Instant started;
    try {
      started = fields.containsKey("started") ? Instant.parse(fields.get("started")) : Instant.EPOCH;
    } catch (RuntimeException e) {
      started = Instant.EPOCH;
    }
    return Optional.of(new MemberRecord(fields.get("address"), fields.getOrDefault("version", ""),
        started, fields.getOrDefault("instance", "")));
  }

  /** The string fields of a flat JSON object, or null if the text is not one. */
  private static Map<String, String> fields(String json) {
    if (!json.startsWith("{") || !json.endsWith("}")) {
      return null;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    int i = skipSpace(json, 1);
    while (i < json.length() - 1) {
      StringBuilder name = new StringBuilder();
      i = readString(json, i, name);
      if (i < 0) {
        return null;
      }
      i = skipSpace(json, i);
      if (i >= json.length() || json.charAt(i) != ':') {
        return null;
      }
      StringBuilder value = new StringBuilder();
      i = readString(json, skipSpace(json, i + 1), value);
      if (i < 0) {
        return null;
      }
      fields.put(name.toString(), value.toString());
      i = skipSpace(json, i);
      if (json.charAt(i) == ',') {
        i = skipSpace(json, i + 1);
      } else if (i != json.length() - 1) {
        return null;
      }
    }
    return fields;
  }

  private static int skipSpace(String text, int i) {
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Reads a JSON string starting at {@code i} into {@code into}; the index after it, or -1. */
  private static int readString(String text, int i, StringBuilder into) {
    if (i >= text.length() || text.charAt(i) != '"') {
      return -1;
    }
    for (i++; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        if (++i >= text.length()) {
          return -1;
        }
        char escaped = text.charAt(i);
        switch (escaped) {
          case 'n' -> into.append('\n');
          case 't' -> into.append('\t');
          case 'r' -> into.append('\r');
          case 'b' -> into.append('\b');
          case 'f' -> into.append('\f');
          case 'u' -> {
            if (i + 4 >= text.length()) {
              return -1;
            }
            try {
              into.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
            } catch (NumberFormatException e) {
              return -1;
            }
            i += 4;
          }
          default -> into.append(escaped);
        }
      } else {
        into.append(c);
      }
    }
    return -1;
  }

  private static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        escaped.append('\\').append(c);
      } else if (c < 0x20) {
        escaped.append(String.format("\\u%04x", (int) c));
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
