package io.conclave.server.meeting;

import io.conclave.server.media.MediaEndpoint;
import io.conclave.server.media.ReceiverQueue;
import io.conclave.server.routing.Connection;
import io.conclave.sframe.media.MediaFrameHeader;
import io.netty.buffer.ByteBuf;

/**
 * A connection that has entered a meeting as a participant, as returned by
 * {@link MeetingService#hello}.
 */
public final class Session {
  private final Meeting meeting;
  private final String participantId;
  private final Connection connection;
  private final MediaEndpoint endpoint;
  private final ReceiverQueue receiverQueue;

  Session(Meeting meeting, String participantId, Connection connection, MediaEndpoint endpoint,
      ReceiverQueue receiverQueue) {
    this.meeting = meeting;
    this.participantId = participantId;
    this.connection = connection;
    this.endpoint = endpoint;
    this.receiverQueue = receiverQueue;
  }

  Meeting meeting() {
    return meeting;
  }

  public String meetingId() {
    return meeting.id();
  }

  public String participantId() {
    return participantId;
  }

  Connection connection() {
    return connection;
  }

  public MediaEndpoint endpoint() {
    return endpoint;
  }

  /** Forwards a media frame of this participant to the others; takes ownership of {@code frame}. */
  public void forward(MediaFrameHeader header, ByteBuf frame) {
    meeting.media.forward(endpoint, header, frame);
  }

  /** This participant's queue as a receiver: drain it when the transport becomes writable. */
  public ReceiverQueue receiverQueue() {
    return receiverQueue;
  }
}
