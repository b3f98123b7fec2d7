package io.peanutcache.spring.cache;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Values loaded on this node, without storing them, while a key's owner cannot be reached (it
 * died, or its network did): the way a read-through get of the provider loads around an
 * unreachable owner. Callers of one key on this node share one load, so the loader runs at most
 * once per node at a time while the owner is away.
 */
final class LoadsAroundOwner {

  private static final System.Logger LOG = System.getLogger(LoadsAroundOwner.class.getName());

  /** The loads running, by key; a load removes itself when it ends. */
  private final ConcurrentHashMap<Object, CompletableFuture<Object>> running = new ConcurrentHashMap<>();
  private final String cacheName;

  LoadsAroundOwner(String cacheName) {
    this.cacheName = cacheName;
  }

  /**
   * Loads the value of {@code key} on this node, or waits for the load of it that runs here.
   *
   * @param unreachable the failure that says the owner cannot be reached, logged
   * @return the loaded value, not stored
   * @throws Exception what the loader threw, to every caller that shared the load
   */
  Object load(Object key, Callable<?> loader, RuntimeException unreachable) throws Exception {
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> theirs = running.putIfAbsent(key, mine);
    if (theirs != null) {
      return await(theirs);
    }
    LOG.log(System.Logger.Level.WARNING, "cache {0}: the owner of key {1} cannot be reached;"
        + " loading it on this node, without storing it: {2}", cacheName, key, unreachable.getMessage());
    try {
      Object value = loader.call();
      mine.complete(value);
      return value;
    } catch (Exception | Error failure) {
      mine.completeExceptionally(failure);
      throw failure;
    } finally {
      running.remove(key, mine);
    }
  }

  private static Object await(CompletableFuture<Object> load) throws Exception {
    try {
      return load.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw e;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception failure) {
        throw failure;
      }
      throw (Error) e.getCause();
    }
  }
}
