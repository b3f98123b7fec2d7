package io.peanutcache.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.spring.cache.PeanutSpringCache;
import io.peanutcache.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two web applications in this JVM, one PeanutCache cluster with static peers, read over HTTP
 * through the Actuator: health, Boot's cache metrics and caches endpoint, and the peanutcache
 * endpoint.
 */
class ActuatorOverHttpTest {

  /** An application as users write it: every auto-configuration, caching on. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @EnableCaching
  static class Application {}

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();
  private static final List<ConfigurableApplicationContext> NODES = new ArrayList<>();
  private static List<String> addresses;

  @BeforeAll
  static void start() {
    addresses = FreePorts.loopbackAddresses(2);
    for (String address : addresses) {
      NODES.add(new SpringApplicationBuilder(Application.class)
          .properties("server.port=0", "server.address=127.0.0.1",
              "peanutcache.bind=" + address,
              "peanutcache.peers=" + String.join(",", addresses),
              "spring.cache.cache-names=books",
              "management.endpoints.web.exposure.include=health,metrics,caches,peanutcache",
              "management.endpoint.health.show-details=always",
              "management.endpoint.health.probes.enabled=true",
              "management.endpoint.health.group.readiness.include=readinessState,peanutcache",
              "spring.main.banner-mode=off")
          .run());
    }
  }

  @AfterAll
  static void stop() {
    NODES.forEach(ConfigurableApplicationContext::close);
  }

  private static PeanutSpringCache books(int node) {
    return (PeanutSpringCache) NODES.get(node).getBean(CacheManager.class).getCache("books");
  }

  /** GETs {@code path} of node {@code node}'s web server. */
  private static HttpResponse<String> send(int node, String path)
      throws IOException, InterruptedException {
    String port = NODES.get(node).getEnvironment().getProperty("local.server.port");
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GETs {@code path} of node {@code node}'s web server, expecting 200, as JSON. */
  private static JsonNode get(int node, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = send(node, path);
    System.out.println("GET " + path + " -> " + response.statusCode() + "\n" + response.body());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** A key node {@code node} does not own, so that its operations go to the other node. */
  private static String keyOwnedByTheOther(int node) {
    PeanutCache<Object, Object> cache = books(node).getNativeCache();
    for (int i = 0; ; i++) {
      String key = "isbn-" + node + "-" + i;
      if (!cache.isLocal(key)) {
        return key;
      }
    }
  }

  @Test
  void healthShowsBothMembersAndIsInTheReadinessGroup() throws Exception {
    JsonNode health = get(0, "/actuator/health");

    assertThat(health.get("status").asString()).isEqualTo("UP");
    JsonNode peanutcache = health.get("components").get("peanutcache");
    assertThat(peanutcache.get("status").asString()).isEqualTo("UP");
    assertThat(peanutcache.get("details").get("mode").asString()).isEqualTo("clustered");
    assertThat(peanutcache.get("details").get("members").propertyNames())
        .containsExactlyInAnyOrderElementsOf(addresses);
    assertThat(peanutcache.get("details").get("partitionsOwned").asInt()
        + get(1, "/actuator/health").get("components").get("peanutcache").get("details")
            .get("partitionsOwned").asInt())
        .as("the two nodes own every partition between them").isEqualTo(271);

    JsonNode readiness = get(0, "/actuator/health/readiness");
    assertThat(readiness.get("status").asString()).isEqualTo("UP");
    assertThat(readiness.get("components").has("peanutcache")).isTrue();
  }

  @Test
  void cacheGetsAreCountedByResultOnTheNodeThatMadeThem() throws Exception {
    String key = keyOwnedByTheOther(1);
    books(0).put(key, "Dune");
    books(1).get(key);
    books(1).get(key);
    books(1).get("no such isbn");

    JsonNode hits = get(1, "/actuator/metrics/cache.gets?tag=cache:books&tag=result:hit");
    assertThat(hits.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(2);
    JsonNode misses = get(1, "/actuator/metrics/cache.gets?tag=cache:books&tag=result:miss");
    assertThat(misses.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1);
    JsonNode puts = get(0, "/actuator/metrics/cache.puts?tag=cache:books");
    assertThat(puts.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1);

    get(1, "/actuator/metrics/peanutcache.members"); // a reading registers new operations' meters
    JsonNode peerGets = get(1, "/actuator/metrics/peanutcache.peer.calls?tag=operation:get");
    assertThat(peerGets.get("measurements").get(0).get("statistic").asString())
        .isEqualTo("COUNT");
    assertThat(peerGets.get("measurements").get(0).get("value").asDouble())
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void bootsCachesEndpointListsThePeanutCaches() throws Exception {
    JsonNode caches = get(0, "/actuator/caches");

    JsonNode books = caches.get("cacheManagers").get("cacheManager").get("caches").get("books");
    assertThat(books.get("target").asString()).isEqualTo(PeanutCache.class.getName());
  }

  @Test
  void thePeanutcacheEndpointShowsTheClusterTheCachesStatisticsAndAKeysOwner() throws Exception {
    String key = keyOwnedByTheOther(0);
    books(0).put(key, "Emma");
    books(0).get(key);
    books(1).get(key);

    JsonNode node = get(0, "/actuator/peanutcache");
    assertThat(node.get("mode").asString()).isEqualTo("clustered");
    assertThat(node.get("members").propertyNames()).containsExactlyInAnyOrderElementsOf(addresses);
    JsonNode statistics = node.get("caches").get("books");
    assertThat(statistics.propertyNames()).containsExactlyInAnyOrder(
        "gets", "hits", "misses", "puts", "removals", "evictions", "byNode");
    assertThat(statistics.get("gets").asLong())
        .isEqualTo(statistics.get("hits").asLong() + statistics.get("misses").asLong());
    assertThat(statistics.get("hits").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(statistics.get("byNode").propertyNames())
        .containsExactlyInAnyOrderElementsOf(addresses);
    assertThat(statistics.get("byNode").get(node.get("node").asString()).get("hits").asLong())
        .isGreaterThanOrEqualTo(1);

    JsonNode owner = get(0, "/actuator/peanutcache/books?key=" + key);
    assertThat(owner.get("owner").asString()).isEqualTo(books(1).getNativeCache().ownerOf(key));
    assertThat(owner.get("owner").asString()).isNotEqualTo(node.get("node").asString());
    assertThat(owner.get("local").asBoolean()).isFalse();
    assertThat(send(0, "/actuator/peanutcache/films?key=" + key).statusCode())
        .as("no cache of that name").isEqualTo(404);
  }
}
