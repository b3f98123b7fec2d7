package io.peanutcache.samples.scores.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import javax.cache.CacheException;

/**
 * Serves {@code GET /api?key=<name>}: the score as one line of text, read through the cache.
 *
 * <p>Answers 200 with the score; 404 when the database has no such name; 400 when {@code key} is
 * missing or blank; 405 for any method but GET; 500 when the database cannot be read. Every request
 * that reaches the cache logs one line naming the node serving the API, the owner of the name and
 * where the answer came from, for example
 * {@code [api 127.0.0.1:7001] GET Tom -> 630 | owner 127.0.0.1:7001 | hit on this node (owner) | 0.1 ms}.
 * The handler is called on the HTTP server's threads, many at once.
 */
public final class ScoresApi implements HttpHandler {

  /** The path this handler serves. */
  public static final String PATH = "/api";

  private static final String USAGE = "expected GET /api?key=<name>, for example /api?key=Tom";

  private final ScoreLookup lookup;
  private final String logPrefix;
  private final Consumer<String> log;

  /**
   * An API answering from {@code lookup}.
   *
   * @param lookup reads scores through the cache
   * @param node the node serving the API, named at the start of each log line
   * @param log receives one line per request
   */
  public ScoresApi(ScoreLookup lookup, String node, Consumer<String> log) {
    this.lookup = lookup;
    this.logPrefix = "[api " + node + "] ";
    this.log = log;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!PATH.equals(exchange.getRequestURI().getPath())) {
        String path = exchange.getRequestURI().getPath();
        respond(exchange, 404, "no such path " + path + "; " + USAGE);
        return;
      }
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        String method = exchange.getRequestMethod();
        respond(exchange, 405, "method " + method + " is not allowed; " + USAGE);
        return;
      }
      String name;
      try {
        name = keyParameter(exchange.getRequestURI().getRawQuery());
      } catch (IllegalArgumentException e) {
        respond(exchange, 400, "query parameter 'key' is not valid percent-encoding; " + USAGE);
        return;
      }
      if (name == null || name.isBlank()) {
        respond(exchange, 400, "missing or blank query parameter 'key'; " + USAGE);
        return;
      }
      answer(exchange, name);
    }
  }

  private void answer(HttpExchange exchange, String name) throws IOException {
    Lookup answer;
    try {
      answer = lookup.find(name);
    } catch (CacheException e) {
      log.accept(logPrefix + "GET " + name + " failed: " + e.getMessage());
      respond(exchange, 500, "could not read the score of " + name + ": " + e.getMessage());
      return;
    }
    log.accept(logPrefix + answer.describe());
    if (answer.found()) {
      respond(exchange, 200, answer.score());
    } else {
      respond(exchange, 404, "no score for " + name + ": the database has no such name");
    }
  }

  /**
   * The decoded value of the first {@code key} parameter, or null if there is none.
   *
   * @throws IllegalArgumentException if the value has a malformed percent-escape
   */
  private static String keyParameter(String rawQuery) {
    if (rawQuery == null) {
      return null;
    }
    for (String parameter : rawQuery.split("&")) {
      int equals = parameter.indexOf('=');
      String name = equals < 0 ? parameter : parameter.substring(0, equals);
      if (name.equals("key")) {
        String value = equals < 0 ? "" : parameter.substring(equals + 1);
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static void respond(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
