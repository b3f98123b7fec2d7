package org.example.library;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/** The application: every auto-configuration, caching on, and {@link Loans}. */
@SpringBootApplication
@EnableCaching
public class LibraryApplication {}
