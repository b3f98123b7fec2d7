package io.peanutcache.hibernate.processes;

import io.peanutcache.hibernate.readwrite.Item;
import io.peanutcache.hibernate.readwrite.Lock;
import io.peanutcache.hibernate.shop.Note;
import io.peanutcache.hibernate.shop.Product;
import io.peanutcache.hibernate.shop.Review;
import io.peanutcache.jcache.PeanutCache;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.cfg.Configuration;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.stat.Statistics;

/**
 * The main class of one shop node that {@link ShopProcesses} runs in a JVM of its own: it builds a
 * session factory of the shop entities (the schema exists already) with the Hibernate properties
 * given as arguments, prints {@code READY}, then runs the commands read from its standard input,
 * each on a thread of its own, and exits when its input closes.
 *
 * <p>Arguments: Hibernate properties, each as {@code key=value}; and optionally
 * {@code clock-offset=<ISO-8601 duration>}, which gives the region factory
 * {@code peanutcache.hibernate.clock}, a {@link Clock} that far from UTC.
 *
 * <p>Commands, with the lines they answer (a word in capitals, then {@code key=value} fields;
 * {@code <entity>} is {@code product} or {@code note}). "The database's version" is read with a
 * JDBC connection of its own before the session opens, so a session that returns an older one read
 * a value that a commit had already replaced when it began.
 * <ul>
 *   <li>{@code write <entity> <id> <n>}: n transactions one after another, each loading the entity
 *       and changing it (a product's quantity goes up by one, a note's text changes); after each
 *       commit {@code COMMITTED}, after each failure {@code FAILED} (with the exception and how
 *       long the transaction took), then {@code WROTE} with the counts.
 *   <li>{@code read <entity> <id> <threads>}: loads the entity in a loop on each thread, each time
 *       after reading the database's version, until {@code stop-reads}, which answers
 *       {@code READ} with the reads, the stale ones (older than the database's version), the
 *       largest lag in versions, and the region's hits and misses meanwhile.
 *   <li>{@code load <entity> <id>}: one load, answered by {@code LOADED} with the version, the
 *       database's version and whether the region hit.
 *   <li>{@code begin-update <id>}: loads a product, raises its quantity and flushes (taking the
 *       soft lock and the row's lock), answers {@code HOLDING}, and never ends the transaction.
 *   <li>{@code insert <id> <sku> <quantity>}, {@code set <id> <quantity>}: one transaction each,
 *       answered by {@code INSERTED} and {@code SET}.
 *   <li>{@code query}: the cacheable query of the products whose sku starts with {@code q-},
 *       answered by {@code QUERIED} with its rows and total quantity, the database's, and whether
 *       the query cache hit.
 *   <li>{@code browse <id> <sku>}: a product's reviews, a product by natural id and the cacheable
 *       query of all products, answered by {@code BROWSED} with the hits of each region meanwhile.
 *   <li>{@code locks}: answered by {@code LOCKS} with the soft locks still held, the released
 *       locks and the items that the region caches hold.
 *   <li>{@code owner <id>}: answered by {@code OWNER} with the node that owns the product's key.
 * </ul>
 * A command that throws answers {@code ERROR} with the exception.
 */
public final class ShopNodeMain {

  /** The argument whose ISO-8601 duration skews the region factory's clock. */
  public static final String CLOCK_OFFSET = "clock-offset";

  /** The Hibernate property of the clock the region factory reads wall time from. */
  public static final String CLOCK_PROPERTY = "peanutcache.hibernate.clock";

  private static final String QUERIED_SKUS = "q-%";

  private final SessionFactory factory;
  private final String url;
  private final String user;
  private final String node;
  /** The read loop that {@code stop-reads} ends, or null. Guarded by this. */
  private ReadLoop reads;

  private ShopNodeMain(SessionFactory factory, Properties properties) {
    this.factory = factory;
    this.url = properties.getProperty("hibernate.connection.url");
    this.user = properties.getProperty("hibernate.connection.username");
    this.node = properties.getProperty("peanutcache.bind", "?");
  }

  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    for (String argument : args) {
      int equals = argument.indexOf('=');
      properties.setProperty(argument.substring(0, equals), argument.substring(equals + 1));
    }
    String offset = (String) properties.remove(CLOCK_OFFSET);
    if (offset != null) {
      properties.put(CLOCK_PROPERTY, Clock.offset(Clock.systemUTC(), Duration.parse(offset)));
    }
    SessionFactory factory = new Configuration()
        .addAnnotatedClass(Product.class)
        .addAnnotatedClass(Review.class)
        .addAnnotatedClass(Note.class)
        .addProperties(properties)
        .buildSessionFactory();
    ShopNodeMain main = new ShopNodeMain(factory, properties);
    answer("READY node=" + main.node);
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String command;
    while ((command = commands.readLine()) != null) {
      String line = command.trim();
      if (!line.isEmpty()) {
        Thread thread = new Thread(() -> main.run(line), "command " + line);
        thread.setDaemon(true);
        thread.start();
      }
    }
    factory.close();
    System.exit(0);
  }

  /** Prints one answer line, whole. */
  private static synchronized void answer(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private void run(String command) {
    String[] words = command.split("\\s+");
    try {
      switch (words[0]) {
        case "write" -> write(Kind.of(words[1]), Long.parseLong(words[2]), Integer.parseInt(words[3]));
        case "read" -> startReads(Kind.of(words[1]), Long.parseLong(words[2]), Integer.parseInt(words[3]));
        case "stop-reads" -> stopReads();
        case "load" -> load(Kind.of(words[1]), Long.parseLong(words[2]));
        case "begin-update" -> beginUpdate(Long.parseLong(words[1]));
        case "insert" -> insert(Long.parseLong(words[1]), words[2], Integer.parseInt(words[3]));
        case "set" -> set(Long.parseLong(words[1]), Integer.parseInt(words[2]));
        case "query" -> query();
        case "browse" -> browse(Long.parseLong(words[1]), words[2]);
        case "locks" -> locks();
        case "owner" -> owner(Long.parseLong(words[1]));
        default -> throw new IllegalArgumentException("unknown command " + words[0]);
      }
    } catch (Throwable e) {
      answer("ERROR command=" + command.replace(' ', '_') + " error=" + describe(e));
    }
  }

  /** The cached entities the commands work on, with their region and table. */
  private enum Kind {
    PRODUCT(Product.class, "products", "product"),
    NOTE(Note.class, "notes", "note");

    final Class<?> type;
    final String region;
    final String table;

    Kind(Class<?> type, String region, String table) {
      this.type = type;
      this.region = region;
      this.table = table;
    }

    static Kind of(String name) {
      return valueOf(name.toUpperCase());
    }

    /** Changes the entity as a writer does; Hibernate raises its version. */
    void change(Object entity) {
      if (entity instanceof Product product) {
        product.setQuantity(product.getQuantity() + 1);
      } else {
        Note note = (Note) entity;
        note.setText("changed from version " + note.getVersion());
      }
    }

    long version(Object entity) {
      return entity instanceof Product product ? product.getVersion() : ((Note) entity).getVersion();
    }

    /** The entity's word in commands and answers. */
    String word() {
      return name().toLowerCase();
    }
  }

  private void write(Kind kind, long id, int count) {
    int committed = 0;
    int failed = 0;
    for (int i = 0; i < count; i++) {
      long started = System.nanoTime();
      try {
        Object entity = factory.fromTransaction(session -> {
          Object loaded = session.find(kind.type, id);
          kind.change(loaded);
          return loaded;
        });
        committed++;
        answer("COMMITTED entity=" + kind.word() + " id=" + id + " version=" + kind.version(entity)
            + (entity instanceof Product product ? " quantity=" + product.getQuantity() : ""));
      } catch (RuntimeException e) {
        failed++;
        answer("FAILED entity=" + kind.word() + " id=" + id + " millis="
            + (System.nanoTime() - started) / 1_000_000 + " error=" + describe(e));
      }
    }
    answer("WROTE entity=" + kind.word() + " id=" + id + " committed=" + committed + " failed=" + failed);
  }

  private void startReads(Kind kind, long id, int threads) {
    ReadLoop loop = new ReadLoop(kind, id);
    synchronized (this) {
      if (reads != null) {
        throw new IllegalStateException("reads are running already");
      }
      reads = loop;
    }
    loop.start(threads);
    answer("READING entity=" + kind.word() + " id=" + id + " threads=" + threads);
  }

  private void stopReads() throws InterruptedException {
    ReadLoop loop;
    synchronized (this) {
      loop = reads;
      reads = null;
    }
    if (loop == null) {
      throw new IllegalStateException("no reads are running");
    }
    answer(loop.stop());
  }

  /** Readers loading one entity until stopped, each load after reading the database's version. */
  private final class ReadLoop {
    private final Kind kind;
    private final long id;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong maxLag = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    /** The first stale read or error, described. Guarded by itself. */
    private final List<String> examples = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private long hitsBefore;
    private long missesBefore;

    ReadLoop(Kind kind, long id) {
      this.kind = kind;
      this.id = id;
    }

    void start(int count) {
      hitsBefore = regionHits(kind.region);
      missesBefore = regionMisses(kind.region);
      for (int t = 0; t < count; t++) {
        Thread thread = new Thread(this::readUntilStopped, "reader " + t);
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
      }
    }

    private void readUntilStopped() {
      try (Connection jdbc = connect()) {
        while (!stopped.get()) {
          try {
            long committed = databaseVersion(jdbc, kind, id);
            long read = factory.fromTransaction(session -> kind.version(session.find(kind.type, id)));
            count.incrementAndGet();
            if (read < committed) {
              stale.incrementAndGet();
              maxLag.accumulateAndGet(committed - read, Math::max);
              example("read version " + read + " after the database had committed " + committed);
            }
          } catch (RuntimeException | SQLException e) {
            errors.incrementAndGet();
            example(describe(e));
          }
        }
      } catch (SQLException e) {
        errors.incrementAndGet();
        example(describe(e));
      }
    }

    private void example(String example) {
      synchronized (examples) {
        if (examples.size() < 3) {
          examples.add(example.replace(' ', '_'));
        }
      }
    }

    String stop() throws InterruptedException {
      stopped.set(true);
      for (Thread thread : threads) {
        thread.join();
      }
      synchronized (examples) {
        return "READ entity=" + kind.word() + " id=" + id + " reads=" + count + " stale=" + stale
            + " maxLag=" + maxLag + " errors=" + errors
            + " hits=" + (regionHits(kind.region) - hitsBefore)
            + " misses=" + (regionMisses(kind.region) - missesBefore)
            + " examples=" + String.join(";", examples);
      }
    }
  }

  private void load(Kind kind, long id) throws SQLException {
    long committed;
    try (Connection jdbc = connect()) {
      committed = databaseVersion(jdbc, kind, id);
    }
    long hits = regionHits(kind.region);
    Object entity = factory.fromTransaction(session -> session.find(kind.type, id));
    answer("LOADED entity=" + kind.word() + " id=" + id + " version=" + kind.version(entity)
        + " databaseVersion=" + committed
        + (entity instanceof Product product ? " quantity=" + product.getQuantity() : "")
        + " hit=" + (regionHits(kind.region) > hits));
  }

  private void beginUpdate(long id) throws InterruptedException {
    Session session = factory.openSession();
    session.beginTransaction();
    Product product = session.find(Product.class, id);
    product.setQuantity(product.getQuantity() + 1);
    session.flush();
    answer("HOLDING id=" + id + " quantity=" + product.getQuantity() + " version=" + product.getVersion());
    new CountDownLatch(1).await();
  }

  private void insert(long id, String sku, int quantity) {
    factory.inTransaction(session -> session.persist(new Product(id, sku, quantity)));
    answer("INSERTED id=" + id + " sku=" + sku + " quantity=" + quantity);
  }

  private void set(long id, int quantity) {
    long version = factory.fromTransaction(session -> {
      Product product = session.find(Product.class, id);
      product.setQuantity(quantity);
      session.flush();
      return product.getVersion();
    });
    answer("SET id=" + id + " quantity=" + quantity + " version=" + version);
  }

  private void query() throws SQLException {
    long databaseRows;
    long databaseSum;
    try (Connection jdbc = connect(); PreparedStatement select = jdbc.prepareStatement(
        "select count(*), coalesce(sum(quantity), 0) from product where sku like ?")) {
      select.setString(1, QUERIED_SKUS);
      try (ResultSet result = select.executeQuery()) {
        result.next();
        databaseRows = result.getLong(1);
        databaseSum = result.getLong(2);
      }
    }
    long hits = statistics().getQueryCacheHitCount();
    List<Product> products = factory.fromTransaction(session -> session
        .createSelectionQuery("from Product where sku like :skus order by id", Product.class)
        .setParameter("skus", QUERIED_SKUS)
        .setCacheable(true)
        .getResultList());
    answer("QUERIED rows=" + products.size()
        + " sum=" + products.stream().mapToLong(Product::getQuantity).sum()
        + " databaseRows=" + databaseRows + " databaseSum=" + databaseSum
        + " hit=" + (statistics().getQueryCacheHitCount() > hits));
  }

  private void browse(long id, String sku) {
    Statistics statistics = statistics();
    long collectionHits = regionHits("product-reviews");
    long naturalIdHits = regionHits("product-skus");
    long queryHits = statistics.getQueryCacheHitCount();
    int[] found = factory.fromTransaction(session -> new int[] {
        session.find(Product.class, id).getReviews().size(),
        session.bySimpleNaturalId(Product.class).load(sku).getId().intValue(),
        session.createSelectionQuery("from Product order by id", Product.class)
            .setCacheable(true).getResultList().size()});
    answer("BROWSED id=" + id + " reviews=" + found[0] + " naturalIdFound=" + found[1]
        + " products=" + found[2]
        + " collectionHits=" + (regionHits("product-reviews") - collectionHits)
        + " naturalIdHits=" + (regionHits("product-skus") - naturalIdHits)
        + " queryHits=" + (statistics.getQueryCacheHitCount() - queryHits));
  }

  private void locks() {
    long held = 0;
    long released = 0;
    long items = 0;
    List<String> examples = new ArrayList<>();
    CacheManager manager = cacheManager();
    for (String name : manager.getCacheNames()) {
      for (Cache.Entry<Object, Object> entry : manager.getCache(name)) {
        if (entry.getValue() instanceof Lock lock) {
          if (!lock.holders().isEmpty()) {
            held++;
            if (examples.size() < 3) {
              examples.add(name + ":" + entry.getKey() + ":" + lock);
            }
          } else {
            released++;
          }
        } else if (entry.getValue() instanceof Item) {
          items++;
        }
      }
    }
    answer("LOCKS held=" + held + " released=" + released + " items=" + items
        + " examples=" + String.join(";", examples).replace(' ', '_'));
  }

  private void owner(long id) {
    SessionFactoryImplementor implementor = factory.unwrap(SessionFactoryImplementor.class);
    EntityPersister persister = implementor.getMappingMetamodel().getEntityDescriptor(Product.class);
    EntityDataAccess access = persister.getCacheAccessStrategy();
    Object key = access.generateCacheKey(id, persister.getRootEntityDescriptor().getEntityPersister(), implementor, null);
    @SuppressWarnings("unchecked")
    PeanutCache<Object, Object> cache = cacheManager().getCache("products").unwrap(PeanutCache.class);
    answer("OWNER id=" + id + " node=" + cache.ownerOf(key));
  }

  private CacheManager cacheManager() {
    return ((JCacheRegionFactory) factory.unwrap(SessionFactoryImplementor.class).getCache()
        .getRegionFactory()).getCacheManager();
  }

  private Statistics statistics() {
    return factory.getStatistics();
  }

  private long regionHits(String region) {
    return statistics().getDomainDataRegionStatistics(region).getHitCount();
  }

  private long regionMisses(String region) {
    return statistics().getDomainDataRegionStatistics(region).getMissCount();
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, "");
  }

  private static long databaseVersion(Connection jdbc, Kind kind, long id) throws SQLException {
    try (PreparedStatement select = jdbc.prepareStatement(
        "select version from " + kind.table + " where id = ?")) {
      select.setLong(1, id);
      try (ResultSet result = select.executeQuery()) {
        if (!result.next()) {
          throw new SQLException("no " + kind.word() + " " + id + " in the database");
        }
        return result.getLong(1);
      }
    }
  }

  /** The exception and its causes, on one line without spaces. */
  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (!text.isEmpty()) {
        text.append(" <- ");
      }
      text.append(cause.getClass().getName()).append(": ").append(cause.getMessage());
    }
    return text.toString().replace('\n', ' ').replace(' ', '_');
  }
}
