package io.peanutcache.settings;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Reads an IPv6 address and writes it in the canonical text form of RFC 5952, so that two ways of
 * writing one node's address compare equal: {@code 0:0:0:0:0:0:0:1} and {@code ::1}, or
 * {@code 2001:DB8::1} and {@code 2001:db8:0::1}.
 *
 * <p>Zone identifiers ({@code fe80::1%eth0}) are not accepted: a zone names an interface of one
 * machine, so it cannot be part of an address that every node of a cluster shares.
 */
final class Ipv6Address {

  private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");

  private Ipv6Address() {}

  /**
   * The canonical form of the address {@code text}, given without brackets.
   *
   * @return eight groups in lower-case hexadecimal without leading zeros, the longest run of two or
   *     more zero groups (the first, on a tie) written as {@code ::}; or null if {@code text} is
   *     not an IPv6 address
   */
  static String canonical(String text) {
    int[] groups = groups(text);
    return groups == null ? null : format(groups);
  }

  /** The eight 16-bit groups of {@code text}, or null if it is not an IPv6 address. */
  private static int[] groups(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head = gap < 0 ? read(text, true) : read(text.substring(0, gap), false);
    int[] tail = gap < 0 ? new int[0] : read(text.substring(gap + 2), true);
    if (head == null || tail == null) {
      return null;
    }
    int given = head.length + tail.length;
    if (gap < 0 ? given != 8 : given > 7) {
      return null;
    }
    int[] groups = new int[8];
    System.arraycopy(head, 0, groups, 0, head.length);
    System.arraycopy(tail, 0, groups, 8 - tail.length, tail.length);
    return groups;
  }

  /**
   * The groups of one side of {@code ::}, or null if a group is malformed. Only the last side may
   * end with an IPv4 address ({@code ::ffff:10.0.0.1}), which stands for two groups.
   */
  private static int[] read(String side, boolean mayEndWithIpv4) {
    if (side.isEmpty()) {
      return new int[0];
    }
    String[] parts = side.split(":", -1);
    int[] groups = new int[parts.length + 1];
    int count = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (HEX_GROUP.matcher(part).matches()) {
        groups[count++] = Integer.parseInt(part, 16);
      } else if (mayEndWithIpv4 && i == parts.length - 1 && HostAndPort.ipv4Value(part) >= 0) {
        long ipv4 = HostAndPort.ipv4Value(part);
        groups[count++] = (int) (ipv4 >>> 16);
        groups[count++] = (int) (ipv4 & 0xffff);
      } else {
        return null;
      }
    }
    return Arrays.copyOf(groups, count);
  }

  private static String format(int[] groups) {
    int runStart = -1;
    int runLength = 1;
    for (int i = 0; i < groups.length; i++) {
      int length = 0;
      while (i + length < groups.length && groups[i + length] == 0) {
        length++;
      }
      if (length > runLength) {
        runStart = i;
        runLength = length;
      }
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < groups.length; i++) {
      if (i == runStart) {
        text.append("::");
        i += runLength - 1;
      } else {
        if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
          text.append(':');
        }
        text.append(Integer.toHexString(groups[i]));
      }
    }
    return text.toString();
  }
}
