package io.conclave.server.media;

/** What the forwarder reports for metrics. Implementations are thread-safe and cheap. */
public interface MediaStats {

  /** Why a frame was not delivered to one receiver. */
  enum DropReason {
    /** The receiver's queue had no room. */
    QUEUE_FULL,
    /** A queued video frame was evicted to make room for audio. */
    EVICTED_FOR_AUDIO,
    /** Video from a sender whose earlier frames this receiver skipped, before its next keyframe. */
    AWAITING_KEYFRAME,
    /** The receiver left while the frame was queued. */
    RECEIVER_GONE,
    /** The sender is not a member (no leaf): its frames go nowhere. */
    NOT_A_MEMBER
  }

  void frameIn(int bytes);

  void frameOut(int bytes);

  void dropped(boolean video, DropReason reason);

  /** The forwarder skipped a sender's video for a receiver and asks it for a keyframe. */
  void keyframeRequested();

  /** A receiver asked for a sender's keyframe itself (before the per-track rate limit). */
  void keyframeRequestedByReceiver();

  /** Frames queued across all receivers changed by {@code delta}. */
  void queued(int delta);

  /** A member's frame was handed to every receiver's queue, {@code nanos} after the forwarder got it. */
  default void fannedOut(long nanos) {}

  /** Does nothing; for tests that do not look at metrics. */
  MediaStats NONE = new MediaStats() {
    @Override
    public void frameIn(int bytes) {}

    @Override
    public void frameOut(int bytes) {}

    @Override
    public void dropped(boolean video, DropReason reason) {}

    @Override
    public void keyframeRequested() {}

    @Override
    public void keyframeRequestedByReceiver() {}

    @Override
    public void queued(int delta) {}
  };
}
