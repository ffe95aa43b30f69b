package io.conclave.server.media;

import io.conclave.sframe.media.Track;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;

/**
 * One participant's media transport as the forwarder sees it: WebSocket today, WebTransport
 * later. The forwarder knows nothing else about it (no meeting, no persistence).
 */
public interface MediaEndpoint {

  /** A stable identifier, unique among the endpoints of one {@link ForwardingGroup}. */
  String id();

  /** The single thread on which {@link #write}, {@link #flush} and {@link #isWritable} are called. */
  EventExecutor executor();

  /** True while the transport accepts more data without queueing it beyond its watermark. */
  boolean isWritable();

  /** Writes one media frame, taking ownership of {@code frame} (the transport releases it). */
  void write(ByteBuf frame);

  void flush();

  /** Asks this endpoint, as a sender, for a keyframe on {@code track}; may be called from any thread. */
  void requestKeyframe(Track track);
}
