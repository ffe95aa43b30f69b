package io.conclave.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The application data inside Conclave's MLS application messages (docs/PROTOCOL.md,
 * "Application messages"): one type byte, then the body. 1: chat, UTF-8 text. 2: retired (the
 * invite secret is never sent in the meeting). 3: admission attestation. 4: epoch beacon. 5: media
 * state (one flags byte: bit 0 microphone muted, bit 1 camera off). 6: mute request (the target's
 * leaf, uint32 big-endian; only a host's is acted on). 7: recording (one byte, 1 while recording, 0
 * when stopped). 8: lock (one byte, 1 locked, 0 unlocked; only a host's counts). Unknown types are
 * ignored.
 */
final class AppMessages {
  static final int CHAT = 1;
  static final int ATTESTATION = 3;
  static final int BEACON = 4;
  static final int MEDIA_STATE = 5;
  static final int MUTE_REQUEST = 6;
  static final int RECORDING = 7;
  /** A host locks (1) or unlocks (0) the meeting. */
  static final int LOCK = 8;
  static final int MAX_CHAT_BYTES = 16 * 1024;

  private AppMessages() {}

  static byte[] chat(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > MAX_CHAT_BYTES) {
      throw new IllegalArgumentException("chat message over " + MAX_CHAT_BYTES + " bytes");
    }
    return typed(CHAT, utf8);
  }

  static byte[] typed(int type, byte[] body) {
    byte[] out = new byte[body.length + 1];
    out[0] = (byte) type;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }

  static int type(byte[] data) {
    return data.length == 0 ? -1 : data[0] & 0xff;
  }

  static byte[] body(byte[] data) {
    return Arrays.copyOfRange(data, 1, data.length);
  }

  static byte[] mediaState(boolean muted, boolean cameraOff) {
    return typed(MEDIA_STATE, new byte[] {(byte) ((muted ? 1 : 0) | (cameraOff ? 2 : 0))});
  }

  /** [muted, cameraOff], or null if the body is not exactly one byte (unknown flag bits are ignored). */
  static boolean[] parseMediaState(byte[] body) {
    return body.length != 1 ? null : new boolean[] {(body[0] & 1) != 0, (body[0] & 2) != 0};
  }

  static byte[] muteRequest(int leaf) {
    return typed(MUTE_REQUEST, java.nio.ByteBuffer.allocate(4).putInt(leaf).array());
  }

  /** The target leaf, or -1 if the body is not 4 bytes. */
  static long parseMuteRequest(byte[] body) {
    return body.length != 4 ? -1 : Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(body).getInt());
  }

  static byte[] recording(boolean on) {
    return typed(RECORDING, new byte[] {(byte) (on ? 1 : 0)});
  }

  /** 1 recording, 0 stopped, -1 malformed. */
  static int parseRecording(byte[] body) {
    return body.length == 1 && (body[0] == 0 || body[0] == 1) ? body[0] : -1;
  }

  static byte[] lock(boolean on) {
    return typed(LOCK, new byte[] {(byte) (on ? 1 : 0)});
  }
}
