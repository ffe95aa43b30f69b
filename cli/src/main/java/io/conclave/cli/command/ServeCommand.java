package io.conclave.cli.command;

import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the relay in this process with the server module's embedded defaults (H2 under the data
 * directory, plain HTTP on loopback) and prints its URL.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run a relay server (embedded database; plain HTTP on loopback, else self-signed TLS).")
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--host", description = "bind address (default ${DEFAULT-VALUE})")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "port, 0 for any free one (default ${DEFAULT-VALUE})")
  int port = 8443;

  @Option(names = "--data-dir", description = "embedded database and certificate (default ${DEFAULT-VALUE})")
  Path dataDir = Path.of("data");

  @Option(names = "--web-root", description = "serve the web client from this directory")
  Path webRoot;

  @Option(names = "--allow-origin", paramLabel = "ORIGIN",
      description = "also accept browser clients from ORIGIN (repeatable; * for any). Always accepted: this relay's "
          + "origin, http://127.0.0.1:* and localhost (conclave web), the Conclave extension, non-browser clients")
  java.util.List<String> allowOrigins = new java.util.ArrayList<>();

  @Option(names = "--self-signed", description = "TLS with a self-signed certificate, even on loopback")
  boolean selfSigned;

  @Override
  public Integer call() throws Exception {
    ServerConfig.Builder b = ServerConfig.builder().host(host).port(port).dataDir(dataDir)
        .webRoot(webRoot);
    allowOrigins.forEach(b::allowOrigin);
    boolean tls = selfSigned || !isLoopback(host);
    if (tls) {
      b.selfSignedTls();
    }
    ConclaveServer server = ConclaveServer.start(b.build());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "conclave-shutdown"));
    System.out.println((tls ? "https" : "http") + "://" + hostForUrl() + ":" + server.port());
    System.out.flush();
    stopped.await();
    return 0;
  }

  private String hostForUrl() {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
