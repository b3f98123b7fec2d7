package io.peanutcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which patterns the starter gives the node's allow-list, and in which order. */
class SerializationAllowTest {

  private static final String SIMPLE_KEY = "org.springframework.cache.interceptor.SimpleKey";
  private static final String NULL_VALUE = "org.springframework.cache.support.NullValue";

  @Test
  void theApplicationsPatternsComeFirstThenSpringsClassesThenItsPackages() {
    assertThat(SerializationAllow.patterns(List.of("!org.example.secret.**", "org.acme.Money"),
        List.of("org.example"))).containsExactly("!org.example.secret.**", "org.acme.Money",
            SIMPLE_KEY, NULL_VALUE, "org.example.**");
  }

  @Test
  void aPackageOfOneNameIsAllowedWithoutItsSubpackagesAndTheDefaultPackageNotAtAll() {
    assertThat(SerializationAllow.patterns(List.of(), List.of("acme", "", "com.example")))
        .containsExactly(SIMPLE_KEY, NULL_VALUE, "acme.*", "com.example.**");
  }

  @Test
  void aPatternGivenTwiceIsKeptOnce() {
    assertThat(SerializationAllow.patterns(List.of("com.example.**", SIMPLE_KEY),
        List.of("com.example", "com.example"))).containsExactly("com.example.**", SIMPLE_KEY,
            NULL_VALUE);
  }
}
