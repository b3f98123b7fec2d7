package io.peanutcache.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports that tests listen on: free when asked for, so that runs do not collide.
 *
 * <p>The ports come from below the range the kernel gives outgoing connections their local ports
 * from (32768–60999 on Linux): a port the kernel picked as free for a listener is in that range,
 * and an outgoing connection of the same test (to etcd, to a peer) could take it between the
 * moment it was picked and the moment the node listens on it. Each JVM walks the range from a
 * random place, handing out no port again before it has gone round all 17,000, and each port is
 * checked free when handed out.
 */
public final class FreePorts {

  /** The lowest port handed out: above the ports services of this machine listen on. */
  private static final int FIRST = 15_000;

  /** One past the highest port handed out: below the kernel's range for outgoing connections. */
  private static final int END = 32_000;

  private static final AtomicInteger NEXT =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(END - FIRST));

  private FreePorts() {}

  /**
   * Finds {@code count} different loopback ports that are free now, for the caller to listen on.
   *
   * @param count how many
   * @return {@code 127.0.0.1:<port>} each
   * @throws IllegalStateException if the range has no free port to give
   */
  public static List<String> loopbackAddresses(int count) {
    return ports(count).stream().map(port -> "127.0.0.1:" + port).toList();
  }

  /**
   * Finds {@code count} different loopback ports that are free now, for the caller to listen on.
   *
   * @param count how many
   * @return the ports, none handed out by this JVM in its last 17,000
   * @throws IllegalStateException if the range has no free port to give
   */
  public static List<Integer> ports(int count) {
    List<Integer> ports = new ArrayList<>(count);
    for (int tried = 0; ports.size() < count; tried++) {
      if (tried == END - FIRST) {
        throw new IllegalStateException("no free loopback port from " + FIRST + " to " + (END - 1));
      }
      int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), END - FIRST);
      if (isFree(port)) {
        ports.add(port);
      }
    }
    return ports;
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
