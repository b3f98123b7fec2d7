package io.peanutcache.cluster.peers;

import io.peanutcache.PeerException;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.management.StatisticsRecorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One cache's calls to the owner of a key (groupcache's {@code ProtoGetter}), in the cluster's own
 * terms: keys and values travel as the cache's codec encoded them, and a null value means the key
 * has none.
 *
 * <p>Every call names the view it was routed by, whose epoch and sender go with the request, so
 * that an owner with an older view catches up and one that no longer owns the key says so. The
 * counts the operation made on the owner (hits, misses, puts, removals) are recorded into
 * {@code stats}, and an exception it threw there is thrown here, of the same JSR-107 type. A call
 * that could not be made, or that the owner refused, throws a {@link PeerException}: see
 * {@link PeerException#isNotOwner()} and {@link PeerException#isUnreachable()}. A read of a
 * read-through cache waits for the owner's load, within the load timeout; past it the call throws
 * a {@link javax.cache.integration.CacheLoaderException}.
 */
public interface OwnerCalls {

  /**
   * Gets a key's value from its owner.
   *
   * @param owner the key's owner
   * @param view the view the call was routed by
   * @param key the key's bytes
   * @param stats where the owner's counts go
   * @return the value's bytes, or null if the key has none
   */
  byte[] get(Member owner, ClusterView view, byte[] key, StatisticsRecorder stats);

  /**
   * Gets a key's value from its owner without blocking the caller: the request goes out at once
   * when the connection is ready (otherwise {@code executor} waits for it), and the reply
   * completes the result on the network's threads.
   *
   * @param owner the key's owner
   * @param view the view the call was routed by
   * @param key the key's bytes
   * @param stats where the owner's counts go
   * @param executor waits for the connection when it is not ready
   * @param decode turns the value's bytes, or null, into the result, on the thread of the reply
   * @param <R> the result type
   * @return the result, or the failure {@link #get} would throw
   */
  <R> CompletableFuture<R> getAsync(Member owner, ClusterView view, byte[] key, StatisticsRecorder stats,
      Executor executor, Function<byte[], R> decode);

  /**
   * Gets a key's value from its owner with what a hot copy of it needs.
   *
   * @param owner the key's owner
   * @param view the view the call was routed by
   * @param key the key's bytes
   * @param stats where the owner's counts go
   * @return the value and its stamp, or null if the key has none
   */
  HotValue hotGet(Member owner, ClusterView view, byte[] key, StatisticsRecorder stats);

  /**
   * {@link #hotGet} without blocking the caller, as {@link #getAsync} does it.
   *
   * @param owner the key's owner
   * @param view the view the call was routed by
   * @param key the key's bytes
   * @param stats where the owner's counts go
   * @param executor waits for the connection when it is not ready
   * @param then turns the value and its stamp, or null, into the result, on the thread of the reply
   * @param <R> the result type
   * @return the result, or the failure {@link #hotGet} would throw
   */
  <R> CompletableFuture<R> hotGetAsync(Member owner, ClusterView view, byte[] key, StatisticsRecorder stats,
      Executor executor, Function<HotValue, R> then);

  /**
   * Asks the owner whether a key has a value; nothing is counted.
   *
   * @param owner the key's owner
   * @param view the view the call was routed by
   * @param key the key's bytes
   * @return whether it has one
   */
  boolean containsKey(Member owner, ClusterView view, byte[] key);

  /**
   * Puts a key's value on its owner.
   *
   * @param owner the key's owner
   * @param view the view the call was routed by
   * @param key the key's bytes
   * @param value the value's bytes
   * @param mode which put
   * @param stats where the owner's counts go
   * @return the former value of {@link PutMode#GET_AND_PUT}, or whether {@link PutMode#PUT_IF_ABSENT} put
   */
  KeyReply put(Member owner, ClusterView view, byte[] key, byte[] value, PutMode mode, StatisticsRecorder stats);

  /**
   * Removes a key's value on its owner.
   *
   * @param owner the key's owner
   * @param view the view the call was routed by
   * @param key the key's bytes
   * @param mode which remove
   * @param expected the value's bytes {@link RemoveMode#REMOVE_IF_EQUAL} compares with, or null
   * @param stats where the owner's counts go
   * @return whether it removed, or the former value of {@link RemoveMode#GET_AND_REMOVE}
   */
  KeyReply remove(Member owner, ClusterView view, byte[] key, RemoveMode mode, byte[] expected,
      StatisticsRecorder stats);

  /**
   * Replaces a key's value on its owner.
   *
   * @param owner the key's owner
   * @param view the view the call was routed by
   * @param key the key's bytes
   * @param value the new value's bytes
   * @param mode which replace
   * @param expected the value's bytes {@link ReplaceMode#REPLACE_IF_EQUAL} compares with, or null
   * @param stats where the owner's counts go
   * @return whether it replaced, or the former value of {@link ReplaceMode#GET_AND_REPLACE}
   */
  KeyReply replace(Member owner, ClusterView view, byte[] key, byte[] value, ReplaceMode mode, byte[] expected,
      StatisticsRecorder stats);

  /**
   * Runs an entry processor on the key's owner; on a read-through cache it may load first.
   *
   * @param owner the key's owner
   * @param view the view the call was routed by
   * @param key the key's bytes
   * @param processor the processor's bytes
   * @param arguments the bytes of each argument
   * @param stats where the owner's counts go
   * @return the bytes of the processor's result, or null if it returned null
   */
  byte[] invoke(Member owner, ClusterView view, byte[] key, byte[] processor, List<byte[]> arguments,
      StatisticsRecorder stats);

  /**
   * Asks the owner for a key's lease, for an entry processor that runs on this node (see
   * {@link io.peanutcache.cluster.leases}). Waits until the connection is ready, not for the grant.
   *
   * @param owner the key's owner
   * @param view the view the call was routed by
   * @param key the key's bytes
   * @param deadline how long the whole lease may last: waiting for it, holding it, writing
   * @return the lease being asked for
   * @throws PeerException with status UNAVAILABLE if the owner cannot be reached
   */
  OwnerLease lease(Member owner, ClusterView view, byte[] key, Duration deadline);
}
