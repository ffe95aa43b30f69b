package io.conclave.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A loopback TCP proxy in front of the relay that records every byte in both directions, so the
 * test can check from the server's side what it received (browser to server) and what it relayed
 * (server to browser).
 */
final class RecordingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final List<Recording> toServer = new ArrayList<>();
  private final List<Recording> toClient = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();
  private boolean closed;

  RecordingProxy(int targetPort) throws IOException {
    this.target = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "recording-proxy");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket();
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        Recording up = new Recording();
        Recording down = new Recording();
        synchronized (this) {
          // A connection accepted just before close() (a browser's speculative preconnect) must
          // not outlive it: the test closing the proxy means "the server is unreachable now".
          if (closed) {
            client.close();
            server.close();
            return;
          }
          toServer.add(up);
          toClient.add(down);
          sockets.add(client);
          sockets.add(server);
        }
        pump(client, server, up);
        pump(server, client, down);
      } catch (IOException e) {
        return;
      }
    }
  }

  /**
   * One direction's bytes, kept as the chunks read: a growing array would be copied again and
   * again (hundreds of MB over a test) while the pump holds its lock, delaying the frames relayed
   * behind it, and the latency the test measures with them.
   */
  private static final class Recording {
    private final List<byte[]> chunks = new ArrayList<>();

    synchronized void add(byte[] buf, int n) {
      chunks.add(Arrays.copyOf(buf, n));
    }

    synchronized byte[] snapshot() {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      chunks.forEach(all::writeBytes);
      return all.toByteArray();
    }
  }

  private static void pump(Socket from, Socket to, Recording record) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) > 0) {
          out.write(buf, 0, n);
          record.add(buf, n);
        }
      } catch (IOException e) {
        // Connection closed.
      } finally {
        try {
          to.shutdownOutput();
        } catch (IOException e) {
          // Already closed.
        }
      }
    }, "recording-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Every connection's bytes from browsers and bots to the server. */
  synchronized List<byte[]> receivedByServer() {
    return toServer.stream().map(Recording::snapshot).toList();
  }

  /** Every connection's bytes from the server to browsers and bots. */
  synchronized List<byte[]> sentByServer() {
    return toClient.stream().map(Recording::snapshot).toList();
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
