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

/**
 * A TCP proxy on loopback in front of the relay that records every byte in both directions: all
 * the server ever received from or sent to clients.
 */
final class RecordingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final ByteArrayOutputStream toServer = new ByteArrayOutputStream();
  private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
  private final List<Socket> sockets = new ArrayList<>();
  private final Thread acceptor;

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
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        synchronized (sockets) {
          sockets.add(client);
          sockets.add(server);
        }
        Thread.ofVirtual().start(() -> pump(client, server, toServer));
        Thread.ofVirtual().start(() -> pump(server, client, fromServer));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(Socket from, Socket to, ByteArrayOutputStream record) {
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        synchronized (record) {
          record.write(buf, 0, n);
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // One side closed: close the other.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
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
