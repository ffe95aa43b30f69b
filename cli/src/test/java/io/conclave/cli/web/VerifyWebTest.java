package io.conclave.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.cli.command.ConclaveCommand;
import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code conclave verify-web} against a real relay serving the production web client built with
 * this program (classpath {@code web/}, its manifest included), then the same bundle with one
 * changed byte in the HTML, in the main script, and in a worker.
 */
class VerifyWebTest {
  private record Run(int exit, String out) {}

  private static Run verifyWeb(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new ConclaveCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    String[] all = new String[args.length + 1];
    all[0] = "verify-web";
    System.arraycopy(args, 0, all, 1, args.length);
    return new Run(cli.execute(all), out.toString());
  }

  /** The packaged web client, file by file, into {@code dir}. */
  private static WebManifest copyPackagedClient(Path dir) throws Exception {
    WebManifest manifest = WebManifest.packaged();
    for (String path : manifest.files().keySet()) {
      try (InputStream in = VerifyWebTest.class.getClassLoader().getResourceAsStream("web" + path)) {
        assertThat(in).as(path).isNotNull();
        Path target = dir.resolve(path.substring(1));
        Files.createDirectories(target.getParent());
        Files.write(target, in.readAllBytes());
      }
    }
    return manifest;
  }

  /** Flips the lowest bit of the first byte of {@code near} in {@code file}; returns the original bytes. */
  private static byte[] flipOneByte(Path file, String near) throws Exception {
    byte[] original = Files.readAllBytes(file);
    byte[] bytes = original.clone();
    int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(near);
    assertThat(at).as("%s contains %s", file, near).isNotNegative();
    bytes[at] ^= 0x01;
    Files.write(file, bytes);
    return original;
  }

  private static ConclaveServer relay(Path dir, Path web) throws Exception {
    return ConclaveServer.start(ServerConfig.builder().host("127.0.0.1").port(0).plain().dataDir(dir.resolve("data"))
        .webRoot(web).build());
  }

  @Test
  void theUntamperedClientIsVerifiedAndEachTamperedFileIsReported(@TempDir Path dir) throws Exception {
    Path web = Files.createDirectories(dir.resolve("web"));
    WebManifest manifest = copyPackagedClient(web);
    assertThat(manifest.files()).containsKeys("/index.html", "/assets/index.js", "/assets/encode-worker.js",
        "/assets/decode-worker.js", "/assets/relay-worker.js", "/assets/playback-worklet.js", "/assets/index.css");
    Path manifestFile = dir.resolve("manifest.json");
    try (InputStream in = VerifyWebTest.class.getClassLoader().getResourceAsStream("web/" + WebManifest.FILE)) {
      Files.write(manifestFile, in.readAllBytes());
    }

    try (ConclaveServer server = relay(dir, web)) {
      String base = "http://127.0.0.1:" + server.port();
      Run ok = verifyWeb(base + "/m/abcdefghijklmnopqrstuv#secret");
      assertThat(ok.out()).isEqualTo("verified " + manifest.identity() + System.lineSeparator());
      assertThat(ok.exit()).isZero();
      assertThat(verifyWeb(base + "/", "--manifest", manifestFile.toString()).exit()).isZero();

      // One changed byte in the HTML: the page differs (and so its text, not the scripts it names).
      byte[] original = flipOneByte(web.resolve("index.html"), "<title>");
      Run html = verifyWeb(base + "/");
      assertThat(html.exit()).isEqualTo(1);
      assertThat(differing(html)).containsExactly("/index.html");
      Files.write(web.resolve("index.html"), original);

      // One changed byte in the main script: its SRI in the (genuine) HTML no longer matches either.
      original = flipOneByte(web.resolve("assets/index.js"), "conclave security code v1");
      Run main = verifyWeb(base + "/");
      assertThat(main.exit()).isEqualTo(1);
      assertThat(differing(main)).containsExactly("/assets/index.js", "/assets/index.js");
      assertThat(main.out()).contains("index.html pins sha256-");
      Files.write(web.resolve("assets/index.js"), original);

      // One changed byte in a worker: the hash the main script pins for it no longer matches.
      original = flipOneByte(web.resolve("assets/encode-worker.js"), "AES-GCM");
      Run worker = verifyWeb(base + "/");
      assertThat(worker.exit()).isEqualTo(1);
      assertThat(differing(worker)).containsExactly("/assets/encode-worker.js", "/assets/encode-worker.js");
      assertThat(worker.out()).contains("the main script pins sha256-");
      Files.write(web.resolve("assets/encode-worker.js"), original);
      assertThat(verifyWeb(base + "/").exit()).isZero();
    }
  }

  @Test
  void headersOtherThanTheDocumentedOnesAreADifference(@TempDir Path dir) throws Exception {
    // A plain web server (not the relay) serving the same genuine files, without the security headers.
    Path web = Files.createDirectories(dir.resolve("web"));
    WebManifest manifest = copyPackagedClient(web);
    var http = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      Path file = web.resolve(path.equals("/") || !path.contains(".") ? "index.html" : path.substring(1));
      byte[] body = Files.readAllBytes(file);
      exchange.getResponseHeaders().set("Content-Type", path.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    http.start();
    try {
      Run run = verifyWeb("http://127.0.0.1:" + http.getAddress().getPort() + "/");
      assertThat(run.exit()).isEqualTo(1);
      assertThat(differing(run)).containsExactly("header content-security-policy", "header referrer-policy",
          "header x-content-type-options");
      assertThat(run.out()).contains("client " + manifest.identity());
    } finally {
      http.stop(0);
    }
  }

  /** The paths named by the "differs" lines, in order. */
  private static List<String> differing(Run run) {
    return run.out().lines().filter(l -> l.startsWith("differs ")).map(l -> l.substring(8, l.indexOf(": "))).toList();
  }
}
