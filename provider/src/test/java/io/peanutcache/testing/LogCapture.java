package io.peanutcache.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lines one logger of the provider writes while a test runs, for tests that check what a node
 * tells its operator. Registered with {@code @RegisterExtension}: in a static field it listens
 * from before the first test of the class to after the last, in an instance field around each
 * test.
 */
public final class LogCapture extends Handler
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  /** Held here: a logger nobody holds may be collected, and its handler with it. */
  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();
  private boolean forTheClass;

  private LogCapture(String loggerName) {
    this.logger = Logger.getLogger(loggerName);
  }

  /**
   * Captures what the logger of {@code type} writes, the logger the provider names after its class.
   *
   * @param type a class of the provider
   * @return the capture
   */
  public static LogCapture of(Class<?> type) {
    return of(type.getName());
  }

  /**
   * Captures what the logger of that name writes.
   *
   * @param loggerName a logger's name, such as a provider class's name
   * @return the capture
   */
  public static LogCapture of(String loggerName) {
    return new LogCapture(loggerName);
  }

  /** Every record written so far, in order. */
  public List<LogRecord> records() {
    return List.copyOf(records);
  }

  /**
   * The messages, formatted, of the records of exactly {@code level} written so far.
   *
   * @param level the level
   * @return the messages, in order
   */
  public List<String> messages(Level level) {
    return records.stream().filter(record -> record.getLevel() == level).map(formatter::formatMessage).toList();
  }

  /**
   * The messages, formatted, of the records of {@code level} or above written so far.
   *
   * @param level the lowest level
   * @return the messages, in order
   */
  public List<String> messagesAtLeast(Level level) {
    return records.stream().filter(record -> record.getLevel().intValue() >= level.intValue())
        .map(formatter::formatMessage).toList();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    forTheClass = true;
    logger.addHandler(this);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    logger.removeHandler(this);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!forTheClass) {
      records.clear();
      logger.addHandler(this);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!forTheClass) {
      logger.removeHandler(this);
    }
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
