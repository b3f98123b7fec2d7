package io.peanutcache.samples.bookstore;

import io.peanutcache.NodeStatus;
import io.peanutcache.jcache.PeanutCache;
import io.peanutcache.jcache.PeanutCacheManager;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP API: {@code GET /books}, and {@code GET}, {@code PUT} and {@code DELETE} of
 * {@code /books/{isbn}}. Each answer about one book carries two headers: {@code X-Served-By},
 * the PeanutCache node of the instance that answered, and {@code X-Key-Owner}, the node that owns
 * the book's cache entry (where its lease is granted and its value kept).
 */
@RestController
@RequestMapping("/books")
public class BookController {

  private final BookCatalog catalog;
  private final PeanutCacheManager cacheManager;

  /**
   * The API over {@code catalog}.
   *
   * @param catalog the books
   * @param cacheManager the starter's JCache manager, which knows this node and the keys' owners
   */
  public BookController(BookCatalog catalog, PeanutCacheManager cacheManager) {
    this.catalog = catalog;
    this.cacheManager = cacheManager;
  }

  /**
   * Every book, through Hibernate's query cache.
   *
   * @return the books by ISBN
   */
  @GetMapping
  public List<Book> all() {
    return catalog.all();
  }

  /**
   * One book, through the cache.
   *
   * @param isbn the ISBN
   * @return 200 with the book, or 404
   */
  @GetMapping("/{isbn}")
  public ResponseEntity<?> get(@PathVariable String isbn) {
    return answer(isbn, catalog.find(isbn));
  }

  /**
   * Changes a book's price or stock, or both.
   *
   * @param isbn the ISBN
   * @param change {@code {"price": 12.50, "stock": 3}}, either field may be left out
   * @return 200 with the changed book, 404 when there is no such book, 400 for a change that sets
   *     nothing or a negative number
   */
  @PutMapping("/{isbn}")
  public ResponseEntity<?> update(@PathVariable String isbn, @RequestBody Change change) {
    if (change.price() == null && change.stock() == null) {
      return problem(isbn, HttpStatus.BAD_REQUEST, "give a price, a stock or both: {\"price\": 12.50, \"stock\": 3}");
    }
    if (change.price() != null && change.price().signum() < 0 || change.stock() != null && change.stock() < 0) {
      return problem(isbn, HttpStatus.BAD_REQUEST, "price and stock must be at least 0; got " + change);
    }
    return answer(isbn, catalog.update(isbn, change.price(), change.stock()));
  }

  /**
   * Deletes a book.
   *
   * @param isbn the ISBN
   * @return 204, or 404 when there is no such book
   */
  @DeleteMapping("/{isbn}")
  public ResponseEntity<?> delete(@PathVariable String isbn) {
    if (!catalog.delete(isbn)) {
      return problem(isbn, HttpStatus.NOT_FOUND, "no book has ISBN " + isbn);
    }
    return ResponseEntity.noContent().headers(headers -> {
      headers.set("X-Served-By", servedBy());
      headers.set("X-Key-Owner", ownerOf(isbn));
    }).build();
  }

  /**
   * A change of a book.
   *
   * @param price the new price, or null to keep it
   * @param stock the new stock, or null to keep it
   */
  public record Change(BigDecimal price, Integer stock) {}

  private ResponseEntity<?> answer(String isbn, Optional<Book> book) {
    if (book.isEmpty()) {
      return problem(isbn, HttpStatus.NOT_FOUND, "no book has ISBN " + isbn);
    }
    return ResponseEntity.ok()
        .header("X-Served-By", servedBy())
        .header("X-Key-Owner", ownerOf(isbn))
        .body(book.get());
  }

  private ResponseEntity<?> problem(String isbn, HttpStatus status, String detail) {
    return ResponseEntity.status(status)
        .header("X-Served-By", servedBy())
        .header("X-Key-Owner", ownerOf(isbn))
        .body(ProblemDetail.forStatusAndDetail(status, detail));
  }

  /** This instance's node name, or "embedded" when it runs alone. */
  private String servedBy() {
    return cacheManager.nodeStatus().map(NodeStatus::nodeName).orElse("embedded");
  }

  @SuppressWarnings("unchecked")
  private String ownerOf(String isbn) {
    return cacheManager.getCache("books").unwrap(PeanutCache.class).ownerOf(isbn);
  }
}
