package io.conclave.server;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A container health check without curl: {@code java -cp @/app/jib-classpath-file
 * io.conclave.server.HealthCheck}. Reads the same settings as the relay (flags, {@code CONCLAVE_*},
 * config file) to find its port and scheme, asks {@code GET /health} on loopback, and exits 0 on
 * {@code 200}, else 1. Over TLS it accepts any certificate: it talks to its own container's loopback
 * only and sends nothing secret.
 */
public final class HealthCheck {
  private HealthCheck() {}

  public static void main(String[] args) throws Exception {
    System.exit(check(List.of(args), System.getenv()));
  }

  /** The exit code: 0 when the relay these settings describe answers {@code /health} with 200. */
  static int check(List<String> args, Map<String, String> env) throws Exception {
    ServerConfig config = Settings.resolve(args, env).config();
    boolean tls = config.tls != ServerConfig.Tls.NONE;
    URI uri = URI.create((tls ? "https" : "http") + "://127.0.0.1:" + config.port + "/health");
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
    if (tls) {
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {new AnyCertificate()}, null);
      SSLParameters params = new SSLParameters();
      params.setEndpointIdentificationAlgorithm(null); // the certificate names the public host, not 127.0.0.1
      client.sslContext(ssl).sslParameters(params);
    }
    int status;
    try {
      status = client.build().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      System.err.println("unhealthy: " + uri + ": " + e);
      return 1;
    }
    System.out.println(uri + " " + status);
    return status == 200 ? 0 : 1;
  }

  /** Extended, so that the JDK does not wrap it in a host-name check. */
  private static final class AnyCertificate extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
