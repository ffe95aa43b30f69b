package io.conclave.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The application data inside Conclave's MLS application messages (docs/PROTOCOL.md,
 * "Application messages"): one type byte, then the body. 1: chat, UTF-8 text. 2: retired (the
 * invite secret is never sent in the meeting). 3: admission attestation. 4: epoch beacon. Unknown
 * types are ignored.
 */
final class AppMessages {
  static final int CHAT = 1;
  static final int ATTESTATION = 3;
  static final int BEACON = 4;
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
}
