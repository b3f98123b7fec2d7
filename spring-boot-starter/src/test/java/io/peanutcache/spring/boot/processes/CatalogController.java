package io.peanutcache.spring.boot.processes;

import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The {@link Catalog} over HTTP. Each request for a slow title prints
 * {@code REQUEST title <isbn>} before it calls the cache, so that a test knows it is on its way.
 * A failure answers 500 with the exception's class and message as the body.
 */
@RestController
public class CatalogController {

  private final Catalog catalog;

  CatalogController(Catalog catalog) {
    this.catalog = catalog;
  }

  @GetMapping("/title")
  public String title(@RequestParam String isbn, @RequestParam(defaultValue = "0") long millis)
      throws InterruptedException {
    System.out.println("REQUEST title " + isbn);
    return catalog.title(isbn, millis);
  }

  @PostMapping("/forget")
  public void forget(@RequestParam String isbn) {
    catalog.forget(isbn);
  }

  @GetMapping("/failing")
  public String failing(@RequestParam String isbn) {
    return catalog.failing(isbn);
  }

  @GetMapping("/async-title")
  public CompletableFuture<String> asyncTitle(@RequestParam String isbn) {
    return catalog.asyncTitle(isbn);
  }

  @GetMapping("/reactive-title")
  public Mono<String> reactiveTitle(@RequestParam String isbn) {
    return catalog.reactiveTitle(isbn);
  }

  /** How many times a method of the catalog ran for a key on this instance. */
  @GetMapping("/runs")
  public int runs(@RequestParam String method, @RequestParam String isbn) {
    return catalog.runs(method, isbn);
  }

  @ExceptionHandler(Exception.class)
  public ResponseEntity<String> failed(Exception failure) {
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .body(failure.getClass().getName() + ": " + failure.getMessage());
  }
}
