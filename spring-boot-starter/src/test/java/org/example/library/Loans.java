package org.example.library;

import java.util.concurrent.atomic.AtomicInteger;
import org.example.outside.Visitor;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * The cached methods of the application. The counter is shared by every instance in the JVM, so
 * it counts runs across the cluster.
 */
@Service
public class Loans {

  /** Runs of {@link #loan} across the instances of this JVM. */
  public static final AtomicInteger RUNS = new AtomicInteger();

  /** A loan, cached under Spring's key of both parameters. */
  @Cacheable("loans")
  public Loan loan(String isbn, String member) {
    return new Loan(isbn, member, RUNS.incrementAndGet());
  }

  /** A visitor: a type of a package that is neither the application's nor allowed by default. */
  @Cacheable("visitors")
  public Visitor visitor(String name) {
    return new Visitor(name);
  }
}
