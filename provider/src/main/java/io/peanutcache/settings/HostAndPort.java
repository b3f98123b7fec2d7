package io.peanutcache.settings;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import io.peanutcache.InvalidSettingException;

/**
 * The address of a PeanutCache node: a host and a port, such as {@code node-1.example.com:7070},
 * {@code 10.0.0.1:7070} or {@code [::1]:7070}.
 *
 * <p>The host is a host name, an IPv4 address in dotted-quad form, or an IPv6 address (written in
 * brackets in {@code host:port} text). It is kept in one canonical form so that two ways of writing
 * the same address are equal: host names and IPv6 hexadecimal digits in lower case, IPv6 addresses
 * compressed as RFC 5952 says ({@code 2001:DB8:0:0:0:0:0:1} becomes {@code 2001:db8::1}). Nothing is
 * looked up in DNS, so a host name and the IP address it resolves to are different addresses.
 *
 * <p>{@link #toString()} gives the address back as {@code host:port}, or {@code [v6]:port} for an
 * IPv6 address, which {@link #parse} reads again to an equal value.
 *
 * @param host the host name or IP address, in canonical form, without brackets
 * @param port the port, from 1 to 65535
 */
public record HostAndPort(String host, int port) {

  /** What {@link #parse} accepts, as shown in error messages. */
  public static final String ALLOWED = "host:port, IPv4:port or [IPv6]:port with a port from 1"
      + " to 65535 (node-1.example.com:7070, 10.0.0.1:7070, [::1]:7070)";

  /** One label of a host name: letters, digits, '_' and '-', not starting or ending with '-'. */
  private static final Pattern HOST_NAME_LABEL =
      Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

  /** A decimal number from 0 to 255 without leading zeros, which some resolvers read as octal. */
  private static final Pattern IPV4_PART = Pattern.compile("0|[1-9][0-9]{0,2}");

  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  /**
   * An address from its parts; the host is put in canonical form.
   *
   * @param host a host name, an IPv4 address or an IPv6 address without brackets
   * @param port the port, from 1 to 65535
   * @throws IllegalArgumentException if the host is not a host name or IP address, or the port is
   *     out of range
   * @throws NullPointerException if {@code host} is null
   */
  public HostAndPort {
    Objects.requireNonNull(host, "host");
    String canonical = canonicalHost(host);
    if (canonical == null) {
      throw new IllegalArgumentException("not a host name or IP address: " + host);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range 1 to 65535: " + port);
    }
    host = canonical;
  }

  /**
   * Reads the address {@code value} of the setting {@code key}.
   *
   * @param key the setting's key, for the error message
   * @param value {@code host:port}, {@code IPv4:port} or {@code [IPv6]:port}; surrounding
   *     whitespace is ignored
   * @return the address, in canonical form
   * @throws InvalidSettingException if the value is not one of those forms, names no valid host, or
   *     has a port that is missing or not from 1 to 65535; the exception names no source
   * @throws NullPointerException if {@code key} or {@code value} is null
   */
  public static HostAndPort parse(String key, String value) {
    Objects.requireNonNull(key, "key");
    String trimmed = value.trim();
    int colon = trimmed.lastIndexOf(':');
    if (colon < 0) {
      throw new InvalidSettingException(key, trimmed, ALLOWED);
    }
    String hostText = trimmed.substring(0, colon);
    String portText = trimmed.substring(colon + 1);
    String host = hostText.startsWith("[") && hostText.endsWith("]")
        ? Ipv6Address.canonical(hostText.substring(1, hostText.length() - 1))
        : canonicalNameOrIpv4(hostText);
    if (host == null || !PORT.matcher(portText).matches()) {
      throw new InvalidSettingException(key, trimmed, ALLOWED);
    }
    int port = Integer.parseInt(portText);
    if (port < 1 || port > 65535) {
      throw new InvalidSettingException(key, trimmed, ALLOWED);
    }
    return new HostAndPort(host, port);
  }

  /**
   * Whether the host is an IPv6 address, which {@link #toString()} writes in brackets.
   *
   * @return true for an IPv6 address, false for a host name or an IPv4 address
   */
  public boolean isIpv6() {
    return host.indexOf(':') >= 0;
  }

  /**
   * The address as {@code host:port}, or {@code [v6]:port} for an IPv6 address.
   *
   * @return the address in the form {@link #parse} reads
   */
  @Override
  public String toString() {
    return isIpv6() ? "[" + host + "]:" + port : host + ":" + port;
  }

  /** The canonical form of a host given without brackets, or null if it is not a host. */
  private static String canonicalHost(String host) {
    return host.indexOf(':') >= 0 ? Ipv6Address.canonical(host) : canonicalNameOrIpv4(host);
  }

  /**
   * The host name in lower case, or the IPv4 address unchanged, or null if {@code host} is
   * neither. A name made only of numeric labels must be a dotted quad: {@code 10.1} or {@code 300}
   * would be read as IPv4 shorthand by some resolvers.
   */
  private static String canonicalNameOrIpv4(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    if (lower.isEmpty() || lower.length() > 253) {
      return null;
    }
    String[] labels = lower.split("\\.", -1);
    boolean allNumeric = true;
    for (String label : labels) {
      if (!HOST_NAME_LABEL.matcher(label).matches()) {
        return null;
      }
      allNumeric &= label.chars().allMatch(Character::isDigit);
    }
    return !allNumeric || ipv4Value(lower) >= 0 ? lower : null;
  }

  /** The value of the dotted-quad IPv4 address {@code text}, or -1 if it is not one. */
  static long ipv4Value(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return -1;
    }
    long value = 0;
    for (String part : parts) {
      if (!IPV4_PART.matcher(part).matches() || Integer.parseInt(part) > 255) {
        return -1;
      }
      value = value << 8 | Integer.parseInt(part);
    }
    return value;
  }
}
