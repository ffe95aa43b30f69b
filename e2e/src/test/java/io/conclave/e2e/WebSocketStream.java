package io.conclave.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a recorded HTTP/1.1 connection as the server saw it: the request head in clear, then, if
 * it upgraded to a WebSocket, every frame's payload unmasked (RFC 6455 §5.3), so text a browser
 * sent can be searched for.
 */
final class WebSocketStream {
  private WebSocketStream() {}

  /** The request heads and the unmasked frame payloads of one client-to-server recording. */
  static byte[] clientView(byte[] recorded) {
    String text = new String(recorded, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    if (headEnd < 0 || !text.regionMatches(true, 0, "GET /ws", 0, 7)) {
      return recorded;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(recorded, 0, headEnd + 4);
    int p = headEnd + 4;
    while (p + 2 <= recorded.length) {
      int b1 = recorded[p + 1] & 0xff;
      boolean masked = (b1 & 0x80) != 0;
      long len = b1 & 0x7f;
      int q = p + 2;
      if (len == 126) {
        if (q + 2 > recorded.length) {
          break;
        }
        len = ((recorded[q] & 0xff) << 8) | (recorded[q + 1] & 0xff);
        q += 2;
      } else if (len == 127) {
        if (q + 8 > recorded.length) {
          break;
        }
        len = 0;
        for (int i = 0; i < 8; i++) {
          len = (len << 8) | (recorded[q + i] & 0xff);
        }
        q += 8;
      }
      byte[] mask = new byte[4];
      if (masked) {
        if (q + 4 > recorded.length) {
          break;
        }
        System.arraycopy(recorded, q, mask, 0, 4);
        q += 4;
      }
      if (q + len > recorded.length) {
        break;
      }
      for (int i = 0; i < len; i++) {
        out.write(recorded[q + i] ^ (masked ? mask[i % 4] : 0));
      }
      p = (int) (q + len);
    }
    return out.toByteArray();
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
