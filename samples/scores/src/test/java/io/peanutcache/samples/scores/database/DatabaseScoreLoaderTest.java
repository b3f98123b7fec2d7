package io.peanutcache.samples.scores.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.UUID;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loader reads scores as text and knows its node; its factory travels as bytes, as JSR-107
 * expects.
 */
class DatabaseScoreLoaderTest {

  private ScoresDatabase database;

  @BeforeEach
  void create() throws Exception {
    database = ScoresDatabase.create("loader-test-" + UUID.randomUUID(), Duration.ZERO);
  }

  @AfterEach
  void close() throws Exception {
    database.close();
  }

  @Test
  void loadsAScoreAsTextAndAnUnknownNameAsNull() throws Exception {
    CacheLoader<String, String> loader = database.loaderFactory().create();

    assertEquals("630", loader.load("Tom"));
    assertNull(loader.load("Nobody"));
    assertEquals(2, database.scoreQueries());
  }

  @Test
  void theDatabaseCountsEveryQueryWhenItsCountIsReadInBetween() throws Exception {
    CacheLoader<String, String> loader = database.loaderFactory().create();

    assertEquals(0, database.scoreQueries());
    loader.load("Tom");
    assertEquals(1, database.scoreQueries());
    loader.load("Nobody");
    assertEquals(2, database.scoreQueries());
  }

  @Test
  void aDeserializedFactoryIsEqualAndMakesALoaderOfTheSameDatabase() throws Exception {
    Factory<CacheLoader<String, String>> copy = roundTrip(database.loaderFactory());

    assertEquals(database.loaderFactory(), copy, "equal factories let every node join one cache");
    assertEquals("589", copy.create().load("Jack"));
    assertEquals(1, database.scoreQueries());
  }

  @Test
  void theLoaderRunsOnTheNodeNamedByTheContextClassLoader() {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(new NodeClassLoader("127.0.0.1:7002", previous));
    DatabaseScoreLoader loader;
    try {
      loader = (DatabaseScoreLoader) database.loaderFactory().create();
    } finally {
      thread.setContextClassLoader(previous);
    }

    assertEquals("127.0.0.1:7002", loader.node());
    assertNull(((DatabaseScoreLoader) database.loaderFactory().create()).node(),
        "a loader made outside a node names none");
  }

  @Test
  void countsTheLoadsOfTheCallingThreadOnly() throws Exception {
    CacheLoader<String, String> loader = database.loaderFactory().create();
    long before = LoadsOnThisThread.count();

    Thread other = new Thread(() -> loader.load("Sam"));
    other.start();
    other.join();
    assertEquals(before, LoadsOnThisThread.count());

    loader.load("Sam");
    assertEquals(before + 1, LoadsOnThisThread.count());
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T object) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    ByteArrayInputStream serialized = new ByteArrayInputStream(bytes.toByteArray());
    try (ObjectInputStream in = new ObjectInputStream(serialized)) {
      return (T) in.readObject();
    }
  }
}
