package io.conclave.cli.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code conclave web}: the web client packaged with this program, served on the loopback address
 * only (docs/SECURITY.md, "Trusting the web client"). Every file is checked against the packaged
 * manifest before the server starts, and only the manifest's files are served, so the page runs
 * the client of that identity and no byte of code comes from any relay. The page then talks to
 * whatever relay its invite link names (docs/PROTOCOL.md, "Invite links and client origins").
 *
 * <p>Requests must name this server ({@code Host: 127.0.0.1:PORT} or {@code localhost:PORT}), so
 * a web page cannot reach it by DNS rebinding. Its responses carry the off-relay CSP
 * {@link #CONTENT_SECURITY_POLICY}.
 */
public final class LocalWebServer implements AutoCloseable {
  /**
   * The relay's policy (server {@code SecurityHeaders}) but for connect-src: the relay is whichever
   * the user names, over TLS ({@code https:}, {@code wss:}) or on this computer.
   */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self' blob:; worker-src 'self' blob:; "
      + "style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
      + "connect-src 'self' https: wss: http://127.0.0.1:* ws://127.0.0.1:* http://localhost:* ws://localhost:*; "
      + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8", "json", "application/json", "wasm", "application/wasm", "svg", "image/svg+xml",
      "png", "image/png", "ico", "image/x-icon", "txt", "text/plain; charset=utf-8");

  private static final java.util.regex.Pattern CLIENT_ROUTE = java.util.regex.Pattern.compile("/m/[A-Za-z0-9_-]{1,64}");

  private final WebManifest manifest;
  private final Map<String, byte[]> files;
  private final HttpServer http;
  private final ExecutorService executor;

  private LocalWebServer(WebManifest manifest, Map<String, byte[]> files, int port) throws IOException {
    this.manifest = manifest;
    this.files = files;
    this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    http.start();
  }

  /**
   * Serves the packaged client (classpath {@code web/}) on 127.0.0.1.
   *
   * @param port 0 for any free port
   * @throws IOException if the packaged files do not match their manifest, or binding fails
   */
  public static LocalWebServer start(int port) throws IOException {
    WebManifest manifest = WebManifest.packaged();
    Map<String, byte[]> files = new HashMap<>();
    for (Map.Entry<String, String> e : manifest.files().entrySet()) {
      byte[] bytes;
      try (InputStream in = LocalWebServer.class.getClassLoader().getResourceAsStream("web" + e.getKey())) {
        if (in == null) {
          throw new IOException("the packaged web client lacks " + e.getKey());
        }
        bytes = in.readAllBytes();
      }
      if (!WebManifest.sha256Hex(bytes).equals(e.getValue())) {
        throw new IOException("the packaged " + e.getKey() + " does not match its manifest: refusing to serve it");
      }
      files.put(e.getKey(), bytes);
    }
    try (InputStream in = LocalWebServer.class.getClassLoader().getResourceAsStream("web/" + WebManifest.FILE)) {
      files.put("/" + WebManifest.FILE, in.readAllBytes());
    }
    return new LocalWebServer(manifest, Map.copyOf(files), port);
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public InetSocketAddress address() {
    return http.getAddress();
  }

  /** The identity of the client served (its manifest's hash). */
  public String identity() {
    return manifest.identity();
  }

  /** The start page: it asks for a relay and takes invite links. */
  public URI startPage() {
    return URI.create("http://127.0.0.1:" + port() + "/?client=local");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String host = exchange.getRequestHeaders().getFirst("Host");
      String path = exchange.getRequestURI().getRawPath();
      var headers = exchange.getResponseHeaders();
      headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      headers.set("Referrer-Policy", "no-referrer");
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("Cache-Control", "no-store");
      if (!("127.0.0.1:" + port()).equals(host) && !("localhost:" + port()).equals(host)) {
        send(exchange, 421, "text/plain; charset=utf-8", "this server answers only to 127.0.0.1:PORT\n".getBytes());
        return;
      }
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        send(exchange, 405, "text/plain; charset=utf-8", "GET only\n".getBytes());
        return;
      }
      // The client's routes (/, /m/ID) are the page; anything else must be a file of the manifest.
      String file = path.equals("/") || CLIENT_ROUTE.matcher(path).matches() ? "/index.html" : path;
      byte[] body = files.get(file);
      if (body == null) {
        send(exchange, 404, "text/plain; charset=utf-8", "no such file\n".getBytes());
        return;
      }
      send(exchange, 200, TYPES.getOrDefault(file.substring(file.lastIndexOf('.') + 1), "application/octet-stream"), body);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head) {
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    http.stop(0);
    executor.close();
  }
}
