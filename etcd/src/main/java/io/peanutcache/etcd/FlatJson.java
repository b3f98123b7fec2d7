package io.peanutcache.etcd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Flat JSON objects of string fields: what PeanutCache writes in etcd, so that people read it with
 * {@code etcdctl get}. Enough JSON to write such an object and read it back, and to refuse anything
 * else; not a general parser.
 */
final class FlatJson {

  private FlatJson() {}

  /**
   * The string fields of a flat JSON object.
   *
   * @param text the text
   * @return the fields in their order, or empty if the text is not an object of string fields
   */
  public static Optional<Map<String, String>> read(String text) {
    Map<String, String> fields = fields(text.trim());
    return Optional.ofNullable(fields);
  }

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

  /**
   * One line of JSON: an object with these string fields, in their order.
   *
   * @param fields the fields
   * @return the text
   */
  public static String write(Map<String, String> fields) {
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, String> field : fields.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append('"').append(escape(field.getKey())).append("\":\"").append(escape(field.getValue())).append('"');
    }
    return json.append('}').toString();
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
