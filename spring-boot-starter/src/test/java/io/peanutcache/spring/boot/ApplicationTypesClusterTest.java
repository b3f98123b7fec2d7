package io.peanutcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.jcache.PeanutCacheManager;
import io.peanutcache.spring.cache.PeanutSpringCacheManager;
import io.peanutcache.testing.FreePorts;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.example.library.LibraryApplication;
import org.example.library.Loan;
import org.example.library.Loans;
import org.example.outside.Visitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of an application outside PeanutCache's packages ({@link LibraryApplication},
 * a {@code @SpringBootApplication} in {@code org.example.library}), in this JVM, each a node with a
 * static peer list. Spring's keys and the application's own types cross between the nodes
 * without configuration; a type of another package is refused, naming the property that would
 * allow it, until that property names it.
 */
class ApplicationTypesClusterTest {

  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

  @AfterEach
  void stop() {
    contexts.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void aMethodOfTwoParametersReturningTheApplicationsTypeRunsOnceAcrossTheNodes() {
    start();
    String member = ownedBy(1, "loans", candidate -> new SimpleKey("978-1", candidate));
    int runs = Loans.RUNS.get();

    Loan made = loans(0).loan("978-1", member);

    assertThat(loans(0).loan("978-1", member)).as("read back from the owner").isEqualTo(made);
    assertThat(loans(1).loan("978-1", member)).as("read on the owner").isEqualTo(made);
    assertThat(Loans.RUNS.get() - runs).isEqualTo(1);
  }

  @Test
  void aTypeOfAnotherPackageIsRefusedNamingThePropertyAndTheNodesGoOnServing() {
    start();
    String name = ownedBy(1, "visitors", candidate -> candidate);

    assertThatThrownBy(() -> loans(0).visitor(name))
        .hasMessageContaining("class " + Visitor.class.getName() + " is not allowed")
        .hasMessageContaining("peanutcache.serialization.allow");

    assertThat(cache(1, "visitors").containsKey(name)).as("nothing stored").isFalse();
    String member = ownedBy(1, "loans", candidate -> new SimpleKey("978-2", candidate));
    assertThat(loans(0).loan("978-2", member)).isEqualTo(loans(1).loan("978-2", member));
  }

  @Test
  void thePropertyAllowsATypeOfAnotherPackageBeforeWhatTheStarterAllows() {
    start("peanutcache.serialization.allow=org.example.outside.**");
    String name = ownedBy(1, "visitors", candidate -> candidate);

    Visitor visitor = loans(0).visitor(name);

    assertThat(loans(0).visitor(name)).isEqualTo(visitor);
    assertThat(cache(1, "visitors").get(name)).isEqualTo(visitor);
    assertThat(contexts.get(0).getBean(PeanutCacheManager.class).nodeSettings().serializationAllow())
        .containsExactly("org.example.outside.**", "org.springframework.cache.interceptor.SimpleKey",
            "org.springframework.cache.support.NullValue", "org.example.library.**");
  }

  /** Starts two instances that form one cluster, with {@code properties} on both. */
  private void start(String... properties) {
    List<String> addresses = FreePorts.loopbackAddresses(2);
    for (String address : addresses) {
      contexts.add(new SpringApplicationBuilder(LibraryApplication.class)
          .web(WebApplicationType.NONE)
          .properties("peanutcache.bind=" + address,
              "peanutcache.peers=" + String.join(",", addresses),
              "peanutcache.rpc.timeout=20s",
              "spring.main.banner-mode=off")
          .properties(properties)
          .run());
    }
  }

  private Loans loans(int index) {
    return contexts.get(index).getBean(Loans.class);
  }

  private PeanutCache<Object, Object> cache(int index, String name) {
    return contexts.get(index).getBean(PeanutSpringCacheManager.class).getCache(name).getNativeCache();
  }

  /**
   * A name whose key, as {@code key} makes it, node {@code index} owns, so that the other node
   * sends it.
   */
  private String ownedBy(int index, String cacheName, Function<String, Object> key) {
    PeanutCache<Object, Object> cache = cache(index, cacheName);
    for (int i = 0; ; i++) {
      String candidate = "name-" + i;
      if (cache.isLocal(key.apply(candidate))) {
        return candidate;
      }
    }
  }
}
