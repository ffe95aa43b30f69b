package io.conclave.cli.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket connection that sends whatever it is told, byte for byte, and records how it ended:
 * the close code of the server's close frame, or {@link #ABNORMAL} (RFC 6455 §7.4.1: 1006) if
 * the TCP connection ended without one.
 */
final class RawConnection implements WebSocket.Listener {
  static final int ABNORMAL = 1006;
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  static RawConnection open(HttpClient http, URI websocket) throws InterruptedException {
    RawConnection c = new RawConnection();
    try {
      c.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
          .buildAsync(websocket, c).get(15, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot connect to " + websocket + ": " + e.getCause(), e);
    }
    return c;
  }

  /** Sends one text frame; false if the connection is already closed. */
  boolean sendText(String text) throws InterruptedException {
    return await(socket.sendText(text, true));
  }

  /** Sends one binary frame; false if the connection is already closed. */
  boolean sendBinary(byte[] data) throws InterruptedException {
    return await(socket.sendBinary(ByteBuffer.wrap(data), true));
  }

  /** The next text message from the server, or null if none came within {@code timeout}. */
  String nextText(Duration timeout) throws InterruptedException {
    return texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The close code, waiting at most {@code timeout}; null if still open. */
  Integer awaitClose(Duration timeout) throws InterruptedException {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      return ABNORMAL;
    }
  }

  boolean isClosed() {
    return closed.isDone();
  }

  void abort() {
    socket.abort();
    closed.complete(ABNORMAL);
  }

  private boolean await(CompletableFuture<WebSocket> send) throws InterruptedException {
    if (closed.isDone()) {
      return false;
    }
    try {
      send.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      texts.add(partial.toString());
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(ABNORMAL);
  }
}
