package io.peanutcache.spring.boot;

import io.peanutcache.InvalidSettingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a PeanutCache setting that stopped the application's start-up: the property, the value
 * and what is allowed, and what to change.
 *
 * <p>The property is named as the application sets it: {@code peanutcache.rpc.timeout},
 * {@code peanutcache.cache.books.maximum-entries} or {@code peanutcache.cache-defaults.expiry}
 * (an environment variable the provider reads itself, such as {@code PEANUTCACHE_PARTITIONS},
 * under its own name).
 */
public class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
    String description = "The PeanutCache setting " + cause.getKey() + " is not allowed:\n\n"
        + "    Property: " + cause.getKey() + "\n"
        + "    Value: \"" + cause.getValue() + "\"\n"
        + "    Allowed: " + cause.getAllowed() + "\n"
        + "    Reason: " + cause.getMessage();
    String action = "Change " + cause.getKey() + " to " + cause.getAllowed() + ", where it is set:"
        + " application.properties or application.yml (or a profile's), an environment variable"
        + " or a command-line argument; or remove it to take its default.";
    return new FailureAnalysis(description, action, cause);
  }
}
