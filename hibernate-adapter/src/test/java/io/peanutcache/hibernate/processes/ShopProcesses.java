package io.peanutcache.hibernate.processes;

import io.peanutcache.hibernate.PostgresDatabase;
import io.peanutcache.hibernate.shop.Note;
import io.peanutcache.hibernate.shop.Product;
import io.peanutcache.hibernate.shop.Review;
import io.peanutcache.testing.FreePorts;
import io.peanutcache.testing.TestJvms;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * Shop nodes ({@link ShopNodeMain}), each in a JVM of its own started with this JVM's class path,
 * on free loopback ports, forming one PeanutCache cluster with a static peer list over one
 * PostgreSQL database. Each node's output goes to {@code target/shop-nodes/<name>-<index>.log};
 * its answers (lines that begin with a word in capitals) are also kept here to be awaited.
 * {@link #close} kills every node; a node also exits when this JVM does, as its input closes.
 */
final class ShopProcesses implements AutoCloseable {

  /** How long a node may take to start, or to answer a command, on a busy machine. */
  static final Duration PATIENCE = Duration.ofSeconds(180);

  /** More arguments for node {@code index}: Hibernate properties as {@code key=value}. */
  @FunctionalInterface
  interface Arguments {
    List<String> of(int index);
  }

  /** One answer of a node: its first word and its {@code key=value} fields. */
  record Answer(String word, Map<String, String> fields, String line) {

    static Answer parse(String line) {
      String[] words = line.split(" ");
      Map<String, String> fields = new LinkedHashMap<>();
      for (int i = 1; i < words.length; i++) {
        int equals = words[i].indexOf('=');
        if (equals > 0) {
          fields.put(words[i].substring(0, equals), words[i].substring(equals + 1));
        }
      }
      return new Answer(words[0], fields, line);
    }

    String get(String field) {
      String value = fields.get(field);
      if (value == null) {
        throw new AssertionError("no " + field + " in the answer " + line);
      }
      return value;
    }

    long number(String field) {
      return Long.parseLong(get(field));
    }
  }

  /** One node: its JVM, its address and the answers it printed. */
  static final class Node {
    final int index;
    final String address;
    final Path log;
    private Process process;
    private PrintWriter input;
    /** The answers printed so far, in order. Guarded by itself. */
    private final List<Answer> answers = new ArrayList<>();

    private Node(int index, String address, Path log) {
      this.index = index;
      this.address = address;
      this.log = log;
    }

    /**
     * Sends a command.
     *
     * @return where its answers begin, for {@link #await}
     */
    int send(String command) {
      int cursor;
      synchronized (answers) {
        cursor = answers.size();
      }
      input.println(command);
      input.flush();
      return cursor;
    }

    /**
     * Sends {@code command} and waits for its answer that begins with {@code beginning} (a word,
     * or a word and fields).
     */
    Answer ask(String command, String beginning) throws InterruptedException {
      return await(send(command), beginning, PATIENCE);
    }

    /**
     * Waits for the first answer from {@code cursor} on that begins with {@code beginning} (a
     * word, or a word and fields, such as {@code WROTE entity=product id=1}).
     *
     * @throws AssertionError if an {@code ERROR} comes first, the node exits, or none comes in
     *     time
     */
    Answer await(int cursor, String beginning, Duration timeout) throws InterruptedException {
      String word = beginning.split(" ")[0];
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (answers) {
        while (true) {
          for (int i = cursor; i < answers.size(); i++) {
            Answer answer = answers.get(i);
            if (answer.line().equals(beginning) || answer.line().startsWith(beginning + " ")) {
              return answer;
            }
            if (answer.word().equals("ERROR")) {
              throw new AssertionError("node " + index + " answered " + answer.line()
                  + " while " + word + " was awaited; see " + log);
            }
          }
          if (!process.isAlive()) {
            throw new AssertionError("node " + index + " exited with " + process.exitValue()
                + " while " + word + " was awaited; see " + log);
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("node " + index + " did not answer " + word + " within "
                + timeout + "; see " + log);
          }
          TimeUnit.NANOSECONDS.timedWait(answers, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
        }
      }
    }

    /** The answers from {@code cursor} on that begin with {@code word}. */
    List<Answer> answers(int cursor, String word) {
      synchronized (answers) {
        return answers.subList(cursor, answers.size()).stream()
            .filter(answer -> answer.word().equals(word)).toList();
      }
    }

    /** Kills the node with SIGKILL and waits until it is gone. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("node " + index + " did not die within 30 s of SIGKILL");
      }
    }

    /** Stops the node's JVM with SIGSTOP: it holds its connections and answers nothing. */
    void freeze() throws IOException, InterruptedException {
      TestJvms.signal(process, "-STOP");
    }

    /** Lets a frozen node go on with SIGCONT. */
    void thaw() throws IOException, InterruptedException {
      TestJvms.signal(process, "-CONT");
    }

    private void drain(BufferedReader output) {
      try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(log))) {
        String line;
        while ((line = output.readLine()) != null) {
          file.println(line);
          file.flush();
          if (!line.isEmpty() && Character.isUpperCase(line.charAt(0))
              && line.matches("[A-Z]+( .*)?")) {
            synchronized (answers) {
              answers.add(Answer.parse(line));
              answers.notifyAll();
            }
          }
        }
      } catch (IOException ended) {
        // the process is gone
      }
    }
  }

  private final List<Node> nodes = new ArrayList<>();

  private ShopProcesses() {
  }

  /**
   * Creates the shop's schema in {@code database} and runs {@code seed} in a transaction, with a
   * session factory of this JVM that caches nothing.
   */
  static void createSchema(PostgresDatabase database, Consumer<Session> seed) {
    try (SessionFactory factory = new Configuration()
        .addAnnotatedClass(Product.class)
        .addAnnotatedClass(Review.class)
        .addAnnotatedClass(Note.class)
        .setProperty("hibernate.connection.url", database.url())
        .setProperty("hibernate.connection.username", database.user())
        .setProperty("hibernate.hbm2ddl.auto", "create")
        .setProperty("hibernate.cache.use_second_level_cache", "false")
        .buildSessionFactory()) {
      factory.inTransaction(seed);
    }
  }

  /**
   * Starts {@code count} nodes at once over {@code database}, whose schema exists, and waits until
   * each is ready.
   *
   * @param name names the log files
   * @param arguments more arguments of each node
   */
  static ShopProcesses start(String name, PostgresDatabase database, int count,
      Arguments arguments) throws IOException, InterruptedException {
    ShopProcesses started = new ShopProcesses();
    try {
      List<String> addresses = FreePorts.loopbackAddresses(count);
      Path logs = Files.createDirectories(Path.of("target", "shop-nodes"));
      for (int i = 0; i < count; i++) {
        Node node = new Node(i, addresses.get(i), logs.resolve(name + "-" + i + ".log"));
        started.nodes.add(node);
        List<String> properties = new ArrayList<>(List.of(
            "hibernate.connection.url=" + database.url(),
            "hibernate.connection.username=" + database.user(),
            "hibernate.connection.pool_size=8",
            "hibernate.hbm2ddl.auto=none",
            "hibernate.cache.use_second_level_cache=true",
            "hibernate.cache.use_query_cache=true",
            "hibernate.generate_statistics=true"));
        Map<String, String> settings = Map.of("peanutcache.bind", node.address,
            "peanutcache.peers", String.join(",", addresses),
            "peanutcache.node.name", "node-" + (char) ('a' + i));
        properties.add("hibernate.cache.region.factory_class=peanutcache");
        settings.forEach((key, value) -> properties.add(key + "=" + value));
        properties.addAll(arguments.of(i));
        started.launch(node, properties);
      }
      for (Node node : started.nodes) {
        node.await(0, "READY", PATIENCE);
      }
      return started;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      started.close();
      throw e;
    }
  }

  private void launch(Node node, List<String> properties) throws IOException {
    List<String> command = TestJvms.command(TestJvms.OPTIONS, ShopNodeMain.class);
    command.addAll(properties);
    node.process = new ProcessBuilder(command).redirectErrorStream(true).start();
    node.input = new PrintWriter(node.process.getOutputStream(), true, StandardCharsets.UTF_8);
    BufferedReader output = new BufferedReader(
        new InputStreamReader(node.process.getInputStream(), StandardCharsets.UTF_8));
    Thread drain = new Thread(() -> node.drain(output), "drain shop node " + node.index);
    drain.setDaemon(true);
    drain.start();
  }

  /** Node {@code index}. */
  Node node(int index) {
    return nodes.get(index);
  }

  /** Kills every node, a frozen one too, and waits until each is gone. */
  @Override
  public void close() {
    TestJvms.killAll(nodes.stream().map(node -> node.process).toList());
  }
}
