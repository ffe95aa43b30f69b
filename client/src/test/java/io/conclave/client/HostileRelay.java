package io.conclave.client;

import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.ControlCodec;
import io.conclave.protocol.control.ServerMessage;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The adversarial relay of the test suite (issue 10; docs/SECURITY.md, "Against a malicious
 * relay"): whoever runs the relay's host sits between the honest relay software and every client,
 * and this proxy plays that part. It speaks WebSocket to both sides, decodes every control message
 * (PROTOCOL.md), and lets a test program what each client receives: pass, withhold, replace,
 * reorder (withhold then {@link Link#inject}), or inject messages of its own — proposals signed with
 * the relay's external-sender key, forged or other members' commits, replayed join requests, a fake
 * group's Welcome. It also records what each client sent. HTTP requests pass through untouched.
 *
 * <p>Public, and shipped in this module's test-jar, for the browser version of the attacks
 * ({@code e2e} BrowserAdversarialRelayTest), whose pages load through it.
 */
public final class HostileRelay implements AutoCloseable {
  /** What the adversary does with each control message. Default: pass everything on. */
  public interface Rules {
    /** The messages the client of {@code link} gets instead of {@code m} (none: withheld). */
    default List<ServerMessage> toClient(Link link, ServerMessage m) {
      return List.of(m);
    }

    /** Whether {@code m}, sent by the client of {@code link}, reaches the relay. */
    default boolean toServer(Link link, ClientMessage m) {
      return true;
    }
  }

  /** One client's WebSocket through the proxy. */
  public final class Link {
    private final OutputStream toClient;
    public volatile String participant;
    public final List<ClientMessage> sent = new CopyOnWriteArrayList<>();
    public final List<ServerMessage> received = new CopyOnWriteArrayList<>();
    /** Binary (media) frames the client sent; they pass undecoded. */
    public final AtomicInteger mediaSent = new AtomicInteger();

    private Link(OutputStream toClient) {
      this.toClient = toClient;
    }

    /** Sends {@code m} to this client as if the relay had sent it. */
    public void inject(ServerMessage m) {
      try {
        // Both directions' threads may inject: one frame at a time.
        synchronized (toClient) {
          writeFrame(toClient, 0x1, codec.encode(m), false);
        }
        received.add(m);
      } catch (IOException e) {
        throw new IllegalStateException("client gone", e);
      }
    }

    public <T extends ClientMessage> List<T> sent(Class<T> type) {
      return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  private final ServerSocket listener;
  private final int target;
  private final ControlCodec codec = new ControlCodec(1 << 22);
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  public volatile Rules rules = new Rules() {};

  public HostileRelay(int targetPort) throws IOException {
    this.target = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::acceptLoop);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** The link of participant {@code id}, once its {@code ready} passed. */
  public Link link(String id) {
    return links.stream().filter(l -> id.equals(l.participant)).findFirst()
        .orElseThrow(() -> new AssertionError("no link for participant " + id));
  }

  public Optional<Link> findLink(String id) {
    return links.stream().filter(l -> id.equals(l.participant)).findFirst();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(server);
        Thread.ofVirtual().start(() -> handle(client, server));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client, Socket server) {
    try {
      InputStream cin = client.getInputStream();
      OutputStream cout = client.getOutputStream();
      InputStream sin = server.getInputStream();
      OutputStream sout = server.getOutputStream();
      byte[] request = readHead(cin);
      String head = new String(request, StandardCharsets.ISO_8859_1);
      if (!head.startsWith("GET /ws")) {
        // One request per connection, so that the client's later WebSocket opens a connection of
        // its own that this proxy can take apart.
        String closing = head.replaceAll("(?im)^connection:.*\r\n", "").replaceFirst("\r\n\r\n$",
            "\r\nConnection: close\r\n\r\n");
        request = closing.getBytes(StandardCharsets.ISO_8859_1);
      }
      sout.write(request);
      sout.flush();
      if (!head.startsWith("GET /ws")) {
        // Plain HTTP: pass both ways untouched.
        Thread.ofVirtual().start(() -> copy(sin, cout, client, server));
        copy(cin, sout, client, server);
        return;
      }
      byte[] response = readHead(sin);
      cout.write(response);
      cout.flush();
      Link link = new Link(cout);
      links.add(link);
      Thread.ofVirtual().start(() -> serverToClient(link, sin, cout, client, server));
      clientToServer(link, cin, sout, client, server);
    } catch (IOException e) {
      closeBoth(client, server);
    }
  }

  private void serverToClient(Link link, InputStream in, OutputStream out, Socket a, Socket b) {
    try {
      while (true) {
        Frame f = readMessage(in);
        if (f.opcode == 0x1) {
          ServerMessage m = codec.decodeServer(f.payload);
          if (m instanceof ServerMessage.Ready r) {
            link.participant = r.participant();
          }
          for (ServerMessage out1 : rules.toClient(link, m)) {
            link.inject(out1);
          }
        } else {
          synchronized (out) {
            writeFrame(out, f.opcode, f.payload, false);
          }
        }
        if (f.opcode == 0x8) {
          return;
        }
      }
    } catch (IOException e) {
      closeBoth(a, b);
    }
  }

  private void clientToServer(Link link, InputStream in, OutputStream out, Socket a, Socket b) {
    try {
      while (true) {
        Frame f = readMessage(in);
        if (f.opcode == 0x1) {
          ClientMessage m = codec.decodeClient(f.payload);
          link.sent.add(m);
          if (!rules.toServer(link, m)) {
            continue;
          }
        } else if (f.opcode == 0x2) {
          link.mediaSent.incrementAndGet();
        }
        synchronized (out) {
          writeFrame(out, f.opcode, f.payload, true);
        }
        if (f.opcode == 0x8) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      closeBoth(a, b);
    }
  }

  private record Frame(int opcode, byte[] payload) {}

  /** One whole WebSocket message (continuation frames joined; RFC 6455 §5.2), unmasked. */
  private static Frame readMessage(InputStream in) throws IOException {
    int opcode = -1;
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    while (true) {
      int b0 = read(in);
      int b1 = read(in);
      boolean fin = (b0 & 0x80) != 0;
      int op = b0 & 0x0f;
      long len = b1 & 0x7f;
      if (len == 126) {
        len = ((long) read(in) << 8) | read(in);
      } else if (len == 127) {
        len = 0;
        for (int i = 0; i < 8; i++) {
          len = (len << 8) | read(in);
        }
      }
      byte[] mask = null;
      if ((b1 & 0x80) != 0) {
        mask = in.readNBytes(4);
      }
      byte[] data = in.readNBytes((int) len);
      if (data.length != len) {
        throw new EOFException();
      }
      if (mask != null) {
        for (int i = 0; i < data.length; i++) {
          data[i] ^= mask[i & 3];
        }
      }
      if (op >= 0x8) {
        // Control frames may come between fragments; pass them as they are.
        return new Frame(op, data);
      }
      if (op != 0) {
        opcode = op;
      }
      payload.writeBytes(data);
      if (fin) {
        return new Frame(opcode, payload.toByteArray());
      }
    }
  }

  private static void writeFrame(OutputStream out, int opcode, byte[] payload, boolean masked) throws IOException {
    ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
    f.write(0x80 | opcode);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      f.write(maskBit | payload.length);
    } else if (payload.length < 65536) {
      f.write(maskBit | 126);
      f.write(payload.length >>> 8);
      f.write(payload.length & 0xff);
    } else {
      f.write(maskBit | 127);
      for (int i = 7; i >= 0; i--) {
        f.write((int) (((long) payload.length >>> (8 * i)) & 0xff));
      }
    }
    if (masked) {
      byte[] mask = {0x11, 0x22, 0x33, 0x44};
      f.writeBytes(mask);
      byte[] copy = payload.clone();
      for (int i = 0; i < copy.length; i++) {
        copy[i] ^= mask[i & 3];
      }
      f.writeBytes(copy);
    } else {
      f.writeBytes(payload);
    }
    synchronized (out) {
      out.write(f.toByteArray());
      out.flush();
    }
  }

  private static int read(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException();
    }
    return b;
  }

  /** Bytes up to and including the blank line that ends an HTTP head. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = read(in);
      head.write(b);
      state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
          : (b == '\r' ? 1 : 0);
    }
    return head.toByteArray();
  }

  private void copy(InputStream in, OutputStream out, Socket a, Socket b) {
    byte[] buf = new byte[16 * 1024];
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // closed
    } finally {
      closeBoth(a, b);
    }
  }

  private static void closeBoth(Socket a, Socket b) {
    try {
      a.close();
    } catch (IOException e) {
      // already closed
    }
    try {
      b.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  public List<Link> links() {
    return new ArrayList<>(links);
  }
}
