package io.conclave.cli.bot;

import io.conclave.sframe.media.MediaFrameHeader;

/** Where the bot's frames go: a meeting client, or a test's list. */
@FunctionalInterface
public interface FrameSink {
  void send(MediaFrameHeader header, byte[] payload);
}
