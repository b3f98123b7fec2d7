package io.peanutcache.cluster.transport;

import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.transport.proto.CacheRequest;
import io.peanutcache.cluster.transport.proto.HandOffBatch;
import io.peanutcache.cluster.transport.proto.TakeRequest;
import io.peanutcache.cluster.transport.proto.DefineCacheReply;
import io.peanutcache.cluster.transport.proto.DefineCacheRequest;
import io.peanutcache.cluster.transport.proto.DefinitionReply;
import io.peanutcache.cluster.transport.proto.EntriesReply;
import io.peanutcache.cluster.transport.proto.EntriesRequest;
import io.peanutcache.cluster.transport.proto.EventRequest;
import io.peanutcache.cluster.transport.proto.HotReply;
import io.peanutcache.cluster.transport.proto.InvalidationAck;
import io.peanutcache.cluster.transport.proto.InvalidationBatch;
import io.peanutcache.cluster.transport.proto.InvokeAllReply;
import io.peanutcache.cluster.transport.proto.InvokeAllRequest;
import io.peanutcache.cluster.transport.proto.InvokeRequest;
import io.peanutcache.cluster.transport.proto.IterateRequest;
import io.peanutcache.cluster.transport.proto.KeyRequest;
import io.peanutcache.cluster.transport.proto.KeysRequest;
import io.peanutcache.cluster.transport.proto.LeaseReply;
import io.peanutcache.cluster.transport.proto.LeaseRequest;
import io.peanutcache.cluster.transport.proto.ListenerRequest;
import io.peanutcache.cluster.transport.proto.ListenersReply;
import io.peanutcache.cluster.transport.proto.LoadAllRequest;
import io.peanutcache.cluster.transport.proto.PeerGrpc;
import io.peanutcache.cluster.transport.proto.PutRequest;
import io.peanutcache.cluster.transport.proto.ReadBatch;
import io.peanutcache.cluster.transport.proto.ReadReplies;
import io.peanutcache.cluster.transport.proto.RemoveAllRequest;
import io.peanutcache.cluster.transport.proto.RemoveRequest;
import io.peanutcache.cluster.transport.proto.ReplaceRequest;
import io.peanutcache.cluster.transport.proto.Reply;
import io.peanutcache.cluster.transport.proto.StatisticsReply;

/**
 * The one gRPC service a node offers its peers: it hands each call to the handler of its concern.
 *
 * <p>Each request names a cache; if this node does not host it yet it fetches the definition from
 * the sender. Each key must belong to a partition this node owns by its own view, and has owned
 * since the epoch of the sender's view; if it does not (after catching up when the sender's epoch
 * is newer) the call fails with FAILED_PRECONDITION and the sender retries with a fresh view. The
 * operation runs on this node's engine with the loader, writer and expiry policy of the cache; its
 * result, the counts it made and any exception it threw go back in the reply. Undecodable bytes
 * fail the call with INVALID_ARGUMENT and change nothing. The calls about a cache as a whole
 * (define, destroy, clear, and the listeners') are for members only, checked by
 * {@link MembersOnly}: any other caller gets PERMISSION_DENIED.
 *
 * <p>Gets and hot gets also come many at a time over one stream of reads per caller (see
 * {@link ServedReads}), each answered as its unary call would be.
 *
 * <p>Every call starts on the network thread (the server runs its handlers directly on the event
 * loop): a get that is a plain hit and the hot-cache invalidations are answered there without
 * blocking; everything that may block goes to the node's executor (see {@link PeerHandler}).
 */
final class PeerService extends PeerGrpc.PeerImplBase {

  private final KeyOperationsHandler keys;
  private final BulkOperationsHandler bulk;
  private final IterationHandler iteration;
  private final LeaseHandler leases;
  private final HotGetHandler hotGets;
  private final DefinitionsHandler definitions;
  private final StatisticsHandler statistics;
  private final ListenersHandler listeners;
  private final InvalidationsHandler invalidations;
  private final HandOffHandler handOffs;
  private final ReadsHandler reads;

  /**
   * The service of a node.
   *
   * @param host the node
   * @param messageSize the largest message the node sends
   */
  PeerService(PeerHost host, MessageSizeLimit messageSize) {
    this.keys = new KeyOperationsHandler(host);
    this.reads = new ReadsHandler(host, keys, messageSize);
    MembersOnly members = new MembersOnly(host);
    this.bulk = new BulkOperationsHandler(host, members);
    this.iteration = new IterationHandler(host);
    this.leases = new LeaseHandler(host);
    this.hotGets = new HotGetHandler(host, keys);
    this.definitions = new DefinitionsHandler(host, members);
    this.statistics = new StatisticsHandler(host);
    this.listeners = new ListenersHandler(host, members);
    this.invalidations = new InvalidationsHandler(host);
    this.handOffs = new HandOffHandler(host, members);
  }

  // ---------------------------------------------------------------- single keys

  @Override
  public void get(KeyRequest request, StreamObserver<Reply> out) {
    keys.get(request, out);
  }

  @Override
  public void containsKey(KeyRequest request, StreamObserver<Reply> out) {
    keys.containsKey(request, out);
  }

  @Override
  public void put(PutRequest request, StreamObserver<Reply> out) {
    keys.put(request, out);
  }

  @Override
  public void remove(RemoveRequest request, StreamObserver<Reply> out) {
    keys.remove(request, out);
  }

  @Override
  public void replace(ReplaceRequest request, StreamObserver<Reply> out) {
    keys.replace(request, out);
  }

  @Override
  public void invoke(InvokeRequest request, StreamObserver<Reply> out) {
    keys.invoke(request, out);
  }

  @Override
  public StreamObserver<ReadBatch> reads(StreamObserver<ReadReplies> out) {
    return reads.reads(out);
  }

  /** Takes no more reads on the streams of reads: each ends once its reads are answered. */
  void endReads() {
    reads.endAll();
  }

  @Override
  public StreamObserver<LeaseRequest> lease(StreamObserver<LeaseReply> out) {
    return leases.lease(out);
  }

  // ---------------------------------------------------------------- several keys

  @Override
  public void getAll(KeysRequest request, StreamObserver<EntriesReply> out) {
    bulk.getAll(request, out);
  }

  @Override
  public void putAll(EntriesRequest request, StreamObserver<Reply> out) {
    bulk.putAll(request, out);
  }

  @Override
  public void removeAll(RemoveAllRequest request, StreamObserver<Reply> out) {
    bulk.removeAll(request, out);
  }

  @Override
  public void loadAll(LoadAllRequest request, StreamObserver<Reply> out) {
    bulk.loadAll(request, out);
  }

  @Override
  public void clear(CacheRequest request, StreamObserver<Reply> out) {
    bulk.clear(request, out);
  }

  @Override
  public void invokeAll(InvokeAllRequest request, StreamObserver<InvokeAllReply> out) {
    bulk.invokeAll(request, out);
  }

  // ---------------------------------------------------------------- iteration

  @Override
  public void iterate(IterateRequest request, StreamObserver<EntriesReply> out) {
    iteration.iterate(request, out);
  }

  @Override
  public void touch(KeyRequest request, StreamObserver<Reply> out) {
    iteration.touch(request, out);
  }

  // ---------------------------------------------------------------- cache definitions

  @Override
  public void defineCache(DefineCacheRequest request, StreamObserver<DefineCacheReply> out) {
    definitions.defineCache(request, out);
  }

  @Override
  public void destroyCache(CacheRequest request, StreamObserver<Reply> out) {
    definitions.destroyCache(request, out);
  }

  @Override
  public void fetchDefinition(CacheRequest request, StreamObserver<DefinitionReply> out) {
    definitions.fetchDefinition(request, out);
  }

  // ---------------------------------------------------------------- statistics

  @Override
  public void statistics(CacheRequest request, StreamObserver<StatisticsReply> out) {
    statistics.statistics(request, out);
  }

  // ---------------------------------------------------------------- listeners

  @Override
  public void addListener(ListenerRequest request, StreamObserver<Reply> out) {
    listeners.addListener(request, out);
  }

  @Override
  public void removeListener(ListenerRequest request, StreamObserver<Reply> out) {
    listeners.removeListener(request, out);
  }

  @Override
  public void fetchListeners(CacheRequest request, StreamObserver<ListenersReply> out) {
    listeners.fetchListeners(request, out);
  }

  @Override
  public void deliverEvent(EventRequest request, StreamObserver<Reply> out) {
    listeners.deliverEvent(request, out);
  }

  // ---------------------------------------------------------------- hot cache

  @Override
  public void hotGet(KeyRequest request, StreamObserver<HotReply> out) {
    hotGets.hotGet(request, out);
  }

  @Override
  public void invalidate(InvalidationBatch request, StreamObserver<InvalidationAck> out) {
    invalidations.invalidate(request, out);
  }

  // ---------------------------------------------------------------- partitions that move

  @Override
  public void takePartitions(TakeRequest request, StreamObserver<HandOffBatch> out) {
    handOffs.take(request, out);
  }
}
