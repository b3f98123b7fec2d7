package io.peanutcache.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Loopback ports that tests listen on: free when asked for, so that runs do not collide. */
public final class FreePorts {

  private FreePorts() {}

  /**
   * Reserves {@code count} different loopback ports that are free now, and releases them for the
   * caller to listen on.
   *
   * @param count how many
   * @return {@code 127.0.0.1:<port>} each
   * @throws IllegalStateException if the machine has no free port to give
   */
  public static List<String> loopbackAddresses(int count) {
    return ports(count).stream().map(port -> "127.0.0.1:" + port).toList();
  }

  /**
   * Reserves {@code count} different loopback ports that are free now, and releases them for the
   * caller to listen on.
   *
   * @param count how many
   * @return the ports
   * @throws IllegalStateException if the machine has no free port to give
   */
  public static List<Integer> ports(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot find free loopback ports: " + e, e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // the port is released either way
        }
      }
    }
  }
}
