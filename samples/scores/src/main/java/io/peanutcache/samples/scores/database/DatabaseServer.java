package io.peanutcache.samples.scores.database;

import java.sql.SQLException;
import org.h2.tools.Server;

/**
 * H2's TCP server in front of this JVM's in-memory scores database, so that nodes running in other
 * processes query the same database, as the nodes of a real application share one database
 * server. It accepts connections from this machine only.
 */
public final class DatabaseServer implements AutoCloseable {

  private final Server server;
  private final String jdbcUrl;

  private DatabaseServer(Server server, String jdbcUrl) {
    this.server = server;
    this.jdbcUrl = jdbcUrl;
  }

  /**
   * The URL of the in-memory database {@code name} served on {@code host:port}.
   *
   * @param host the host the server runs on
   * @param port its port
   * @param name the database's name
   * @return {@code jdbc:h2:tcp://<host>:<port>/mem:<name>}
   */
  public static String jdbcUrl(String host, int port, String name) {
    return "jdbc:h2:tcp://" + host + ":" + port + "/mem:" + name;
  }

  static DatabaseServer start(String name, int port) throws SQLException {
    Server server = Server.createTcpServer("-tcpPort", Integer.toString(port)).start();
    return new DatabaseServer(server, jdbcUrl("127.0.0.1", server.getPort(), name));
  }

  /**
   * The port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return server.getPort();
  }

  /**
   * The URL that reaches the database through this server from this machine.
   *
   * @return {@code jdbc:h2:tcp://127.0.0.1:<port>/mem:<name>}
   */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** Stops serving; the database itself lives on until it is closed. */
  @Override
  public void close() {
    server.stop();
  }
}
