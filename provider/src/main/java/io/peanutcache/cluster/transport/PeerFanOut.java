package io.peanutcache.cluster.transport;

import io.peanutcache.PeerException;
import io.peanutcache.cluster.hosting.CacheId;
import io.peanutcache.cluster.membership.Member;
import io.peanutcache.cluster.peers.PeerAnswer;
import io.peanutcache.cluster.ring.ClusterView;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One call made to every peer of a view in parallel, for what every node is told or asked (a
 * definition, a listener). A peer never reached yet is not waited for (its answer is a failure):
 * what every peer is told, a peer that starts later learns by itself.
 */
final class PeerFanOut {

  private final Function<Member, PeerClient> clients;
  private final Executor executor;

  /**
   * @param clients the node's client of each peer
   * @param executor runs the calls in parallel
   */
  PeerFanOut(Function<Member, PeerClient> clients, Executor executor) {
    this.clients = clients;
    this.executor = executor;
  }

  /**
   * Makes the call to every peer of {@code view} and waits for every answer.
   *
   * @param view the view whose peers are called
   * @param operation names the operation, for messages
   * @param id the cache it is about
   * @param kind what the call may do: its deadline, and whether it is sent again
   * @param call the call, on a stub with the deadline set
   * @param <R> the reply type
   * @return each peer's answer, in the view's order
   */
  <R> List<PeerAnswer<R>> ask(ClusterView view, String operation, CacheId id, CallKind kind,
      Function<PeerGrpc.PeerBlockingStub, R> call) {
    List<Member> peers = view.peers();
    List<CompletableFuture<R>> calls = new ArrayList<>(peers.size());
    for (Member peer : peers) {
      calls.add(CompletableFuture.supplyAsync(
          () -> clients.apply(peer).callIfUp(operation, id, kind, call), executor));
    }
    List<PeerAnswer<R>> answers = new ArrayList<>(peers.size());
    for (int i = 0; i < peers.size(); i++) {
      try {
        answers.add(new PeerAnswer<>(peers.get(i), calls.get(i).join(), null));
      } catch (CompletionException e) {
        if (!(e.getCause() instanceof PeerException failure)) {
          throw e;
        }
        answers.add(new PeerAnswer<>(peers.get(i), null, failure));
      }
    }
    return answers;
  }
}
