/**
 * The shop's session factories run as separate JVMs, each on its own PeanutCache node over one
 * PostgreSQL database, driven by commands on their standard input: so that a test can kill one with
 * SIGKILL, freeze it with SIGSTOP, or skew its clock, as a real deployment would.
 */
package io.peanutcache.hibernate.processes;
