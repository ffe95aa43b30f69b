package io.conclave.client.transport;

import io.conclave.protocol.MalformedMessageException;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.ControlCodec;
import io.conclave.protocol.control.ServerMessage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One WebSocket to the relay: JSON control messages as text frames, media frames as binary frames
 * (docs/PROTOCOL.md). Sends may come from any thread; they are queued in order because the JDK
 * WebSocket allows one outstanding send at a time. Received messages are reassembled and handed to
 * the {@link Handler} on the WebSocket's thread, one at a time and in order.
 *
 * <p>The relay is not trusted (docs/SECURITY.md): a message whose fragments together exceed the
 * codec's {@link ControlCodec#maxMessageBytes() limit} closes the connection (4413) before more is
 * buffered, a malformed control message closes it (4400), and a well-formed control message of a
 * type this client does not know is skipped (docs/PROTOCOL.md, "Control-message envelope").
 */
public final class RelayConnection implements AutoCloseable {
  /** Receives what the relay sends. */
  public interface Handler {
    void control(ServerMessage message);

    void media(byte[] frame);

    /** The connection closed (by either side) or failed. */
    void closed(int code, String reason);
  }

  private final ControlCodec codec;
  private final WebSocket socket;
  private final Object sendLock = new Object();
  private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

  private final CompletableFuture<Void> inputEnded;

  private RelayConnection(ControlCodec codec, WebSocket socket, CompletableFuture<Void> inputEnded) {
    this.codec = codec;
    this.socket = socket;
    this.inputEnded = inputEnded;
  }

  /** Opens {@code uri} (from {@link MeetingApi#webSocketUri()}) and waits up to 10 s. */
  public static RelayConnection open(HttpClient http, URI uri, ControlCodec codec, Handler handler) {
    Receiver receiver = new Receiver(codec, handler);
    WebSocket ws = http.newWebSocketBuilder().buildAsync(uri, receiver).orTimeout(10, TimeUnit.SECONDS).join();
    return new RelayConnection(codec, ws, receiver.ended);
  }

  public void send(ClientMessage message) {
    String text = new String(codec.encode(message), StandardCharsets.UTF_8);
    enqueue(() -> socket.sendText(text, true));
  }

  /** Sends one media frame; {@code frame} must not be changed afterwards. */
  public void sendMedia(byte[] frame) {
    enqueue(() -> socket.sendBinary(ByteBuffer.wrap(frame), true));
  }

  private void enqueue(Supplier<CompletableFuture<WebSocket>> send) {
    synchronized (sendLock) {
      lastSend = lastSend.handle((r, e) -> null).thenCompose(x -> send.get());
    }
  }

  /** Waits until everything queued so far was handed to the socket. */
  public void flush() {
    CompletableFuture<?> last;
    synchronized (sendLock) {
      last = lastSend;
    }
    last.handle((r, e) -> null).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** How long {@link #close} waits for the relay to answer its close frame. */
  private static final int CLOSE_WAIT_SECONDS = 2;

  @Override
  public void close() {
    try {
      flush();
    } catch (RuntimeException e) {
      // Closing anyway: the relay treats an abrupt close like a lost connection.
    }
    enqueue(() -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
    // The closing handshake (RFC 6455 §7.1.2): wait, briefly, for the relay's close frame. Aborting
    // at once would reset the TCP connection while the last messages (a chat, the bye) may still
    // sit unsent in the socket buffer: Linux drops them when unread input remains.
    try {
      inputEnded.orTimeout(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS).handle((r, e) -> null).join();
    } finally {
      socket.abort();
    }
  }

  /** Reassembles fragmented messages; requests the next only after handling one (back-pressure). */
  private static final class Receiver implements WebSocket.Listener {
    private final ControlCodec codec;
    private final Handler handler;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    /** Set once this side gave up on the relay: nothing more is handed to the handler. */
    private boolean abandoned;
    /** Completes when the relay closed its side (close frame or error). */
    final CompletableFuture<Void> ended = new CompletableFuture<>();

    Receiver(ControlCodec codec, Handler handler) {
      this.codec = codec;
      this.handler = handler;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      if (abandoned) {
        return null;
      }
      // UTF-8 takes at least one byte per UTF-16 unit, so this bounds the bytes too.
      if ((long) text.length() + data.length() > codec.maxMessageBytes()) {
        return giveUp(ws, 4413, "server message too large");
      }
      text.append(data);
      if (last) {
        String json = text.toString();
        text.setLength(0);
        Optional<ServerMessage> message;
        try {
          message = codec.decodeServerIfKnown(json.getBytes(StandardCharsets.UTF_8));
        } catch (MalformedMessageException e) {
          // A relay that speaks another protocol cannot be followed: give up on it.
          return giveUp(ws, 4400, "malformed server message: " + e.getMessage());
        }
        message.ifPresent(handler::control);
      }
      ws.request(1);
      return null;
    }

    private CompletionStage<?> giveUp(WebSocket ws, int code, String reason) {
      abandoned = true;
      text.setLength(0);
      binary.reset();
      ws.abort();
      try {
        handler.closed(code, reason);
      } finally {
        ended.complete(null);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      if (abandoned) {
        return null;
      }
      // The relay's media-frame limit is at most its control-message limit (PROTOCOL.md, "Limits").
      if ((long) binary.size() + data.remaining() > codec.maxMessageBytes()) {
        return giveUp(ws, 4413, "media frame too large");
      }
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      binary.writeBytes(chunk);
      if (last) {
        byte[] frame = binary.toByteArray();
        binary.reset();
        handler.media(frame);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      try {
        handler.closed(statusCode, reason);
      } finally {
        ended.complete(null);
      }
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      try {
        handler.closed(1006, String.valueOf(error.getMessage()));
      } finally {
        ended.complete(null);
      }
    }

    @Override
    public void onOpen(WebSocket ws) {
      ws.request(1);
    }
  }
}
