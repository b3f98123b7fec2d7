package io.peanutcache.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.spi.PeanutCachingProvider;
import io.peanutcache.testing.InJvmCluster;
import io.peanutcache.testing.TestJars;
import java.io.IOException;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes that run one application from jars at different paths, as in a rolling upgrade: their
 * caches are one cluster's caches when their settings resource or their {@code peanutcache.manager}
 * is the same, and not otherwise. Each node is a CacheManager of this JVM made from its own class
 * loader over its own jar, with the URI that class loader gives the settings file.
 */
class ManagerIdentityClusterTest {

  private static final int KEYS = 40;

  @TempDir
  Path directory;

  /** Two nodes that each test starts itself: from jars of their own, or as one node of two managers. */
  @RegisterExtension
  final InJvmCluster cluster = InJvmCluster.of(2).notStarted(0, 1);

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @Test
  void copiesOfOneJarAtDifferentPathsShareTheirCaches() throws IOException {
    Path jar = TestJars.write(directory.resolve("build.jar"), "peanutcache.properties", declaringBooks());
    Path first = Files.copy(jar, Files.createDirectories(directory.resolve("opt/app-1.0")).resolve("app.jar"));
    Path second = Files.copy(jar, Files.createDirectories(directory.resolve("opt/app-1.1")).resolve("app.jar"));
    PeanutCacheManager one = node(0, first, "peanutcache.properties");
    PeanutCacheManager two = node(1, second, "peanutcache.properties");
    assertNotEquals(one.getURI(), two.getURI(), "the jars lie at different paths");

    Cache<String, String> booksOnOne = one.getCache("books", String.class, String.class);
    Cache<String, String> booksOnTwo = two.getCache("books", String.class, String.class);
    for (int i = 0; i < KEYS; i++) {
      booksOnOne.put("book-" + i, "title " + i);
    }

    Set<String> owners = new HashSet<>();
    for (int i = 0; i < KEYS; i++) {
      assertEquals("title " + i, booksOnTwo.get("book-" + i), "a put on one node is a get on the other");
      String owner = ownerOf(booksOnOne, "book-" + i);
      assertEquals(owner, ownerOf(booksOnTwo, "book-" + i), "both nodes agree on the owner");
      owners.add(owner);
    }
    assertEquals(Set.copyOf(cluster.addresses()), owners, "the keys are spread over both nodes");
    assertEquals("classpath:peanutcache.properties", one.identity());
    assertEquals(one.identity(), two.identity());
  }

  @Test
  void managersOfDifferentNamesDoNotShareACacheOfTheSameName() throws IOException {
    PeanutCacheManager a = node(0, jar("a", "peanutcache.properties", "peanutcache.manager=a"), "peanutcache.properties");
    PeanutCacheManager b = node(1, jar("b", "peanutcache.properties", "peanutcache.manager=b"), "peanutcache.properties");

    Cache<String, String> booksOfA = a.getCache("books", String.class, String.class);
    Cache<String, String> booksOfB = b.getCache("books", String.class, String.class);
    for (int i = 0; i < KEYS; i++) {
      booksOfA.put("book-" + i, "title " + i);
    }

    for (int i = 0; i < KEYS; i++) {
      assertNull(booksOfB.get("book-" + i), "b's books are not a's books");
      assertEquals("title " + i, booksOfA.get("book-" + i));
    }
  }

  @Test
  void managersOfOneNameShareTheirCachesWhateverTheirFilesAreCalled() throws IOException {
    PeanutCacheManager one = node(0,
        jar("one", "shop.properties", "peanutcache.manager=bookstore"), "shop.properties");
    PeanutCacheManager two = node(1,
        jar("two", "config/store.properties", "peanutcache.manager=bookstore"), "config/store.properties");
    assertEquals("bookstore", one.identity());

    Cache<String, String> booksOnOne = one.getCache("books", String.class, String.class);
    Cache<String, String> booksOnTwo = two.getCache("books", String.class, String.class);
    for (int i = 0; i < KEYS; i++) {
      booksOnTwo.put("book-" + i, "title " + i);
    }

    for (int i = 0; i < KEYS; i++) {
      assertEquals("title " + i, booksOnOne.get("book-" + i));
    }
  }

  @Test
  void managersOfOneIdentityInOneJvmShareTheCachesOfTheirNode() {
    Properties settings = new Properties();
    settings.setProperty("peanutcache.bind", cluster.address(0));
    settings.setProperty("peanutcache.peers", cluster.address(0));
    settings.setProperty("peanutcache.manager", "bookstore");
    PeanutCachingProvider provider = new PeanutCachingProvider();
    opened.add(provider);
    ClassLoader loader = getClass().getClassLoader();
    CacheManager first = provider.getCacheManager(URI.create("urn:app:first"), loader, settings);
    CacheManager second = provider.getCacheManager(URI.create("urn:app:second"), loader, settings);
    assertNotEquals(first, second, "the provider keeps a manager per URI");
    MutableConfiguration<String, String> configuration =
        new MutableConfiguration<String, String>().setTypes(String.class, String.class);

    Cache<String, String> onFirst = first.createCache("books", configuration);
    Cache<String, String> onSecond = second.createCache("books", configuration);
    onFirst.put("dune", "Frank Herbert");

    assertEquals("Frank Herbert", onSecond.get("dune"), "an equal createCache joins the cache");
    first.destroyCache("books");
    assertTrue(onSecond.isClosed(), "destroying the cache closes every manager's handle");
    assertNull(second.getCache("books"));
  }

  /** Node {@code index}: a CacheManager from a class loader over {@code jar}, clustered with the other. */
  private PeanutCacheManager node(int index, Path jar, String resource) {
    URLClassLoader application = TestJars.loaderOf(jar);
    opened.add(application);
    CacheManager manager = cluster.start(index, TestJars.resourceUri(application, resource), application);
    opened.add(manager);
    return manager.unwrap(PeanutCacheManager.class);
  }

  /** A jar in its own directory {@code name} whose settings file declares books, and more lines. */
  private Path jar(String name, String entry, String... lines) throws IOException {
    List<String> all = new ArrayList<>(List.of(declaringBooks()));
    all.addAll(List.of(lines));
    return TestJars.write(Files.createDirectories(directory.resolve(name)).resolve("app.jar"), entry,
        all.toArray(String[]::new));
  }

  private static String[] declaringBooks() {
    return new String[] {
        "peanutcache.cache.books.key-type=java.lang.String",
        "peanutcache.cache.books.value-type=java.lang.String"};
  }

  @SuppressWarnings("unchecked")
  private static String ownerOf(Cache<String, String> cache, String key) {
    return cache.unwrap(PeanutCache.class).ownerOf(key);
  }
}
