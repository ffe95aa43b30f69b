package io.conclave.server.media;

import io.conclave.sframe.media.Track;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.ArrayList;
import java.util.List;

/** An endpoint on the calling thread whose writability the test sets; it keeps what it receives. */
final class FakeEndpoint implements MediaEndpoint {
  private final String id;
  final List<ByteBuf> received = new ArrayList<>();
  final List<Track> keyframeRequests = new ArrayList<>();
  boolean writable = true;
  int flushes;

  FakeEndpoint(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public EventExecutor executor() {
    return ImmediateEventExecutor.INSTANCE;
  }

  @Override
  public boolean isWritable() {
    return writable;
  }

  @Override
  public void write(ByteBuf frame) {
    received.add(frame);
  }

  @Override
  public void flush() {
    flushes++;
  }

  @Override
  public void requestKeyframe(Track track) {
    keyframeRequests.add(track);
  }

  /** The first byte after each received frame's 8-byte header, which the tests use as a label. */
  List<Integer> labels() {
    return received.stream().map(b -> (int) b.getByte(b.readerIndex() + 8)).toList();
  }

  void releaseAll() {
    received.forEach(ByteBuf::release);
    received.clear();
  }
}
