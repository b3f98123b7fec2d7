package io.peanutcache.cluster.transport;

import io.peanutcache.settings.NodeSettings;
import io.peanutcache.threads.PressureLog;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The iterations peers stream from this node: at most {@value NodeSettings#ITERATIONS_PROPERTY}
 * at once, each sent in chunks of a bounded number of bytes, and what each has handed to gRPC so
 * far. A stream produces its next chunk only when gRPC says the caller can take it (see
 * {@link IterationStream}), so a caller that reads slowly, or not at all, holds the owner to about
 * one chunk beyond the flow-control window, whatever the size of the cache.
 */
public final class Iterations {

  /** The most bytes of entries a chunk holds (one larger entry goes alone). */
  static final int CHUNK_BYTES = 128 << 10;

  private static final System.Logger LOG = System.getLogger(Iterations.class.getName());

  private final String nodeName;
  private final int limit;
  private final int chunkBytes;
  private final Set<IterationStream> open = ConcurrentHashMap.newKeySet();
  private final PressureLog pressure;

  /**
   * The iterations of a node.
   *
   * @param nodeName the node's name, for messages
   * @param limit the most iterations streaming at once
   * @param maxMessageSize the largest message the node sends, which a chunk stays well below
   */
  public Iterations(String nodeName, int limit, int maxMessageSize) {
    this.nodeName = nodeName;
    this.limit = limit;
    this.chunkBytes = Math.min(CHUNK_BYTES, maxMessageSize / 4);
    this.pressure = new PressureLog(LOG, "iterations of node " + nodeName + " were refused");
  }

  /** The most bytes of entries in one chunk. */
  int chunkBytes() {
    return chunkBytes;
  }

  /**
   * Counts a stream as open, unless as many are open as allowed.
   *
   * @return null if it is open now, else why it is refused
   */
  synchronized String open(IterationStream stream) {
    if (open.size() >= limit) {
      pressure.refused(() -> open.size() + " of " + limit + " open (" + NodeSettings.ITERATIONS_PROPERTY + ")");
      return "overloaded: node " + nodeName + " streams " + open.size() + " iterations, the most "
          + NodeSettings.ITERATIONS_PROPERTY + "=" + limit + " allows";
    }
    open.add(stream);
    return null;
  }

  /** Counts a stream as ended. */
  void closed(IterationStream stream) {
    open.remove(stream);
  }

  /**
   * How many iterations stream from this node now.
   *
   * @return the number of open streams
   */
  public int open() {
    return open.size();
  }

  /**
   * How many of the open iterations wait for their callers to take what was sent, producing nothing
   * meanwhile.
   *
   * @return the number of streams waiting for their readers
   */
  public int waitingForReaders() {
    return (int) open.stream().filter(IterationStream::waitingForReader).count();
  }

  /**
   * How many bytes of entries the open iterations have handed to gRPC to send: an upper bound of
   * what they make this node hold for their callers.
   *
   * @return the bytes handed, all open streams together
   */
  public long bytesHanded() {
    return open.stream().mapToLong(IterationStream::bytesHanded).sum();
  }
}
