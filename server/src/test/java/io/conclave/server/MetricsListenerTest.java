package io.conclave.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.server.testing.TestServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics live on their own loopback listener, in Prometheus naming, each with a help text. */
class MetricsListenerTest {

  @Test
  void scrapeHasHelpTextsHistogramsJvmAndBuildInfo(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      server.createMeeting();
      HttpResponse<String> r = server.metrics();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).get().asString().startsWith("text/plain; version=0.0.4");
      String body = r.body();
      // Every series has a # HELP with text and a # TYPE.
      Matcher type = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$").matcher(body);
      List<String> names = new ArrayList<>();
      while (type.find()) {
        names.add(type.group(1));
        assertThat(body).as("help for " + type.group(1)).containsPattern("(?m)^# HELP " + Pattern.quote(type.group(1)) + " \\S");
        assertThat(type.group(1)).matches("[a-z_][a-z0-9_]*");
      }
      assertThat(names).contains("conclave_meetings_open", "conclave_media_frames_in_total",
          "conclave_ds_commit_latency_seconds", "conclave_media_fanout_latency_seconds", "conclave_build_info",
          "jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds");
      assertThat(body).contains("# TYPE conclave_ds_commit_latency_seconds histogram",
          "conclave_ds_commit_latency_seconds_bucket{le=\"0.005\"}",
          "# TYPE conclave_media_fanout_latency_seconds histogram",
          "conclave_meetings_open 1.0");
      assertThat(body).containsPattern("conclave_build_info\\{java_version=\"[^\"]+\",version=\"[^\"]+\"} 1");
      assertThat(body).doesNotContain("conclave_build_info{java_version=\"" + System.getProperty("java.version")
          + "\",version=\"unknown\"}");
    }
  }

  @Test
  void notOnTheMainPortAndLoopbackOnly(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      assertThat(server.metricsPortNumber()).isPositive().isNotEqualTo(server.port());
      HttpResponse<String> onMain = server.get("/metrics");
      assertThat(onMain.statusCode()).isEqualTo(404);
      assertThat(onMain.body()).doesNotContain("conclave_meetings").contains("metrics listener");
      // The listener answers only /metrics.
      assertThat(server.metricsPath("/health").statusCode()).isEqualTo(404);
      // Bound to loopback: not reachable on another local address, when the machine has one.
      InetAddress other = nonLoopbackAddress();
      if (other != null) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(other, server.metricsPortNumber()), 1000);
          throw new AssertionError("metrics listener reachable on " + other);
        } catch (java.io.IOException expected) {
          // refused
        }
      }
    }
  }

  @Test
  void defaultsOfServeAreLoopback9464AndOffDisablesIt() {
    ServerConfig c = Main.parse(List.of());
    assertThat(c.metricsHost).isEqualTo("127.0.0.1");
    assertThat(c.metricsPort).isEqualTo(9464);
    assertThat(Main.parse(List.of("--metrics-port", "off")).metricsHost).isNull();
  }

  @Test
  void aTakenMetricsPortIsANamedStartupError(@TempDir Path dir) throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start(dir,
              b -> b.metricsListener("127.0.0.1", taken.getLocalPort())))
          .isInstanceOf(java.net.BindException.class)
          .hasMessageContaining("metrics listener cannot bind 127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("--metrics-port");
    }
  }

  private static InetAddress nonLoopbackAddress() throws Exception {
    for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
          if (a instanceof java.net.Inet4Address) {
            return a;
          }
        }
      }
    }
    return null;
  }
}
