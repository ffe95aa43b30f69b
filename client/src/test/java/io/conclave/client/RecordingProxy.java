package io.conclave.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP proxy on loopback in front of the relay that records every byte in both directions: all
 * the server ever received from or sent to clients. It can stop passing on what the server sends,
 * which makes its clients slow receivers as the relay sees them.
 */
final class RecordingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final ByteArrayOutputStream toServer = new ByteArrayOutputStream();
  private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
  private final List<Socket> sockets = new ArrayList<>();
  private final Thread acceptor;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean stalled;
  private volatile boolean refusing;

  RecordingProxy(int targetPort) throws IOException {
    this.target = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofVirtual().start(this::acceptLoop);
  }

  int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (refusing) {
          closeQuietly(client);
          continue;
        }
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        synchronized (sockets) {
          sockets.add(client);
          sockets.add(server);
        }
        Thread.ofVirtual().start(() -> pump(client, server, toServer, false));
        Thread.ofVirtual().start(() -> pump(server, client, fromServer, true));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, ByteArrayOutputStream record, boolean fromTheServer) {
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        if (fromTheServer && stalled) {
          closed.await();
          return;
        }
        synchronized (record) {
          record.write(buf, 0, n);
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // One side closed: close the other.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  /**
   * From now on passes nothing the server sends on to the clients, and stops reading it: the
   * server's writes back up until the proxy is closed.
   */
  void stall() {
    stalled = true;
  }

  /**
   * A network outage: cuts every connection now and refuses new ones (accepted, then closed at
   * once) until {@link #heal}.
   */
  void cut() {
    refusing = true;
    synchronized (sockets) {
      sockets.forEach(RecordingProxy::closeQuietly);
      sockets.clear();
    }
  }

  /** Ends the outage of {@link #cut}. */
  void heal() {
    refusing = false;
  }

  /** Everything clients sent to the server so far. */
  byte[] toServer() {
    synchronized (toServer) {
      return toServer.toByteArray();
    }
  }

  /** Everything the server sent to clients so far. */
  byte[] fromServer() {
    synchronized (fromServer) {
      return fromServer.toByteArray();
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    closed.countDown();
    synchronized (sockets) {
      sockets.forEach(RecordingProxy::closeQuietly);
    }
    acceptor.interrupt();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Already closed.
    }
  }
}
