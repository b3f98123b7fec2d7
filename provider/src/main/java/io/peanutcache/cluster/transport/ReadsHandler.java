package io.peanutcache.cluster.transport;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.peanutcache.cluster.transport.proto.ReadBatch;
import io.peanutcache.cluster.transport.proto.ReadReplies;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the streams of reads peers keep open to this node (see {@link ServedReads}): each read is
 * the get or hot get its unary call would be, answered by {@link KeyOperationsHandler}. When the
 * node stops, {@link #endAll} lets every stream finish the reads it took and end, so that a stopping
 * server is not held up by streams that would otherwise last as long as their callers.
 */
final class ReadsHandler {

  private final PeerHost host;
  private final KeyOperationsHandler keys;
  private final MessageSizeLimit messageSize;
  private final Set<ServedReads> open = ConcurrentHashMap.newKeySet();
  private volatile boolean ending;

  ReadsHandler(PeerHost host, KeyOperationsHandler keys, MessageSizeLimit messageSize) {
    this.host = host;
    this.keys = keys;
    this.messageSize = messageSize;
  }

  StreamObserver<ReadBatch> reads(StreamObserver<ReadReplies> out) {
    ServedReads stream = new ServedReads((ServerCallStreamObserver<ReadReplies>) out, host, keys, messageSize,
        open::remove);
    open.add(stream);
    if (ending) {
      stream.end();
    }
    return stream;
  }

  /** Takes no more reads on any stream: each ends once the reads it took are answered. */
  void endAll() {
    ending = true;
    open.forEach(ServedReads::end);
  }
}
