/**
 * A library: a Spring Boot application outside PeanutCache's packages, whose cached methods
 * return its own types, for the tests of what a node may receive from another.
 */
package org.example.library;
