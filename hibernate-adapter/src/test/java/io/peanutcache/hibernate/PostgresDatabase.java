package io.peanutcache.hibernate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A database of its own for a test class, on the PostgreSQL server at 127.0.0.1:5432 (user
 * {@code postgres}, trust authentication), made before the class and dropped after it. Register
 * it with {@code @RegisterExtension static final PostgresDatabase DATABASE = new PostgresDatabase();}.
 *
 * <p>Without a server the class fails, saying how to start or install one.
 */
public final class PostgresDatabase implements BeforeAllCallback, AfterAllCallback {

  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String USER = "postgres";

  private final String name = "peanutcache_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    execute("CREATE DATABASE " + name);
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /** The JDBC URL of the database. */
  public String url() {
    return SERVER + name;
  }

  /** The user to connect as. */
  public String user() {
    return USER;
  }

  /** A new connection to the database. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), USER, "");
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = serverConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static Connection serverConnection() throws SQLException {
    try {
      return DriverManager.getConnection(SERVER + "test", USER, "");
    } catch (SQLException e) {
      throw new SQLException("these tests need PostgreSQL at 127.0.0.1:5432 (user postgres, trust"
          + " authentication, a database named test); start it with `pg_ctlcluster"
          + " --skip-systemctl-redirect $(ls /etc/postgresql) main start`, or install it with"
          + " `apt-get install postgresql` (.ci/run does both)", e);
    }
  }
}
