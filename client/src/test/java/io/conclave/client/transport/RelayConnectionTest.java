package io.conclave.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.protocol.control.ControlCodec;
import io.conclave.protocol.control.ServerMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the client does with what a relay sends, the relay being untrusted (docs/SECURITY.md): the
 * "relay" here is a raw WebSocket server that writes frames a test chooses.
 */
class RelayConnectionTest {
  private static final int LIMIT = 64 * 1024;

  private final ServerSocket listener = listen();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<ServerMessage> controls = new CopyOnWriteArrayList<>();
  private final List<byte[]> media = new CopyOnWriteArrayList<>();
  private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
  private RelayConnection connection;

  private static ServerSocket listen() {
    try {
      return new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void close() throws IOException {
    listener.close();
    http.close();
  }

  /** Connects a client with a {@value #LIMIT}-byte limit and returns the server's side of it. */
  private Socket connect() throws Exception {
    Thread.ofVirtual().start(() -> connection = RelayConnection.open(http,
        URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/ws"), new ControlCodec(LIMIT),
        new RelayConnection.Handler() {
          @Override
          public void control(ServerMessage message) {
            controls.add(message);
          }

          @Override
          public void media(byte[] frame) {
            media.add(frame);
          }

          @Override
          public void closed(int code, String reason) {
            closes.add(code + " " + reason);
          }
        }));
    Socket s = listener.accept();
    handshake(s);
    return s;
  }

  @Test
  void aControlMessageOfATypeAddedLaterIsSkippedAndTheConnectionGoesOn() throws Exception {
    try (Socket relay = connect()) {
      frame(relay, 0x1, true, "{\"v\":1,\"type\":\"speaker_hint\",\"leaf\":2}".getBytes(StandardCharsets.UTF_8));
      frame(relay, 0x1, true, "{\"v\":1,\"type\":\"commit_accepted\",\"epoch\":3}".getBytes(StandardCharsets.UTF_8));
      frame(relay, 0x2, true, new byte[] {1, 2, 3});
      waitFor(() -> media.size() == 1);
      assertThat(controls).containsExactly(new ServerMessage.CommitAccepted(3));
      assertThat(closes).isEmpty();
    }
  }

  @Test
  void aMalformedMessageOfAKnownTypeClosesWith4400() throws Exception {
    try (Socket relay = connect()) {
      frame(relay, 0x1, true, "{\"v\":1,\"type\":\"commit_accepted\",\"epoch\":\"x\"}".getBytes(StandardCharsets.UTF_8));
      assertThat(closes.poll(10, TimeUnit.SECONDS)).startsWith("4400 malformed server message");
      assertThat(controls).isEmpty();
    }
  }

  @Test
  void aTextMessageFragmentedPastTheLimitClosesWith4413BeforeItEnds() throws Exception {
    assertClosedWhileFragmenting(0x1, "4413 server message too large");
  }

  @Test
  void aMediaFrameFragmentedPastTheLimitClosesWith4413BeforeItEnds() throws Exception {
    assertClosedWhileFragmenting(0x2, "4413 media frame too large");
  }

  /** A relay that never ends its message: the client must give up once the limit is passed. */
  private void assertClosedWhileFragmenting(int opcode, String expected) throws Exception {
    try (Socket relay = connect()) {
      byte[] chunk = new byte[16 * 1024];
      Arrays.fill(chunk, (byte) 'A');
      AtomicBoolean writing = new AtomicBoolean(true);
      Thread writer = Thread.ofVirtual().start(() -> {
        try {
          frame(relay, opcode, false, chunk);
          for (int i = 0; i < 1000 && writing.get(); i++) {
            frame(relay, 0x0, false, chunk);
          }
        } catch (IOException e) {
          // The client aborted: expected.
        }
      });
      String closed = closes.poll(10, TimeUnit.SECONDS);
      writing.set(false);
      writer.join(10_000);
      assertThat(closed).isEqualTo(expected);
      assertThat(controls).isEmpty();
      assertThat(media).isEmpty();
      // Nothing further reaches the handler, and close() does not wait the 2 s it gives a relay to
      // answer its close frame: this side already gave up.
      long start = System.nanoTime();
      connection.close();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1900);
      assertThat(closes).isEmpty();
    }
  }

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(10);
    }
  }

  private static final Pattern KEY = Pattern.compile("(?im)^sec-websocket-key:\\s*(\\S+)\\s*$");

  /** The server half of the opening handshake (RFC 6455 §4.2.2). */
  private static void handshake(Socket s) throws IOException, NoSuchAlgorithmException {
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("client closed during handshake");
      }
      head.append((char) b);
    }
    Matcher m = KEY.matcher(head);
    if (!m.find()) {
      throw new IOException("no Sec-WebSocket-Key");
    }
    byte[] digest = MessageDigest.getInstance("SHA-1").digest(
        (m.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
    String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(digest) + "\r\n\r\n";
    s.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  /** One unmasked server frame (RFC 6455 §5.2). */
  private static void frame(Socket s, int opcode, boolean fin, byte[] payload) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write((fin ? 0x80 : 0) | opcode);
    if (payload.length < 126) {
      out.write(payload.length);
    } else {
      out.write(126);
      out.write(payload.length >>> 8);
      out.write(payload.length & 0xff);
    }
    out.write(payload);
    out.flush();
  }
}
