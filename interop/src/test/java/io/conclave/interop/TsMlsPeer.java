package io.conclave.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A ts-mls 1.6.4 process ({@code ts-mls-driver/driver.mjs}) holding any number of named clients.
 * Requests and responses are JSON lines with hex bytes. Every call is bounded by {@link
 * #CALL_TIMEOUT}; the driver's stderr is kept (last {@value #STDERR_LINES} lines) and attached to
 * failures. The driver directory comes from the {@code conclave.tsmls.driver} system property
 * set by the module's pom.
 */
final class TsMlsPeer implements AutoCloseable {
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final int STDERR_LINES = 200;
  private static final String EOF = "\u0000eof";
  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> responses = new LinkedBlockingQueue<>();
  private final List<String> stderr = new ArrayList<>();
  private long nextId = 1;

  private TsMlsPeer(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    pump("ts-mls-stdout", process.getInputStream(), responses::add, true);
    pump("ts-mls-stderr", process.getErrorStream(), this::keepStderr, false);
  }

  /** Starts {@code node driver.mjs} and waits until it answers a ping. */
  static TsMlsPeer start() {
    Path dir = Path.of(System.getProperty("conclave.tsmls.driver", "ts-mls-driver"));
    if (!Files.isRegularFile(dir.resolve("driver.mjs"))
        || !Files.isDirectory(dir.resolve("node_modules/ts-mls"))) {
      throw new IllegalStateException(
          "ts-mls driver not installed in " + dir.toAbsolutePath() + " (the build runs npm ci)");
    }
    try {
      Process p = new ProcessBuilder("node", "driver.mjs").directory(dir.toFile()).start();
      TsMlsPeer peer = new TsMlsPeer(p);
      peer.call("ping", JSON.createObjectNode(), START_TIMEOUT);
      return peer;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node (is Node 20+ on the PATH?)", e);
    }
  }

  /** Generates a KeyPackage for {@code client} (created on first use); MLSMessage bytes. */
  byte[] keyPackage(String client, byte[] identity) {
    return bytes(call("keyPackage", request(client).put("identity", HEX.formatHex(identity))), "keyPackage");
  }

  /** Creates a group; {@code externalSenders} are (signature key, basic identity) pairs. */
  Summary createGroup(String client, byte[] groupId, byte[] identity, List<ExternalSender> externalSenders) {
    ObjectNode r = request(client).put("groupId", HEX.formatHex(groupId)).put("identity", HEX.formatHex(identity));
    ArrayNode senders = r.putArray("externalSenders");
    for (ExternalSender s : externalSenders) {
      senders.addObject().put("signatureKey", HEX.formatHex(s.signatureKey())).put("identity", HEX.formatHex(s.identity()));
    }
    return summary(call("createGroup", r));
  }

  /** Joins from a Welcome (MLSMessage bytes) with one of the client's key packages. */
  Summary joinWelcome(String client, byte[] welcome, Optional<byte[]> ratchetTree) {
    ObjectNode r = request(client).put("welcome", HEX.formatHex(welcome));
    ratchetTree.ifPresent(t -> r.put("ratchetTree", HEX.formatHex(t)));
    return summary(call("joinWelcome", r));
  }

  /** Processes a PublicMessage or PrivateMessage (MLSMessage bytes). */
  Processed process(String client, byte[] message) {
    JsonNode res = call("process", request(client).put("message", HEX.formatHex(message)));
    return new Processed(
        res.get("kind").asText(),
        res.hasNonNull("data") ? HEX.parseHex(res.get("data").asText()) : null,
        res.path("removed").asBoolean(false));
  }

  /**
   * Commits Adds of {@code keyPackages}, Removes of {@code removeLeaves} and every pending
   * proposal by reference. ts-mls sends the commit as a PrivateMessage unless {@code publicMessage}.
   */
  Committed commit(String client, List<byte[]> keyPackages, List<Integer> removeLeaves, boolean publicMessage) {
    ObjectNode r = request(client).put("publicMessage", publicMessage);
    ArrayNode kps = r.putArray("keyPackages");
    keyPackages.forEach(kp -> kps.add(HEX.formatHex(kp)));
    ArrayNode removes = r.putArray("removeLeaves");
    removeLeaves.forEach(removes::add);
    JsonNode res = call("commit", r);
    return new Committed(
        bytes(res, "commit"),
        res.hasNonNull("welcome") ? Optional.of(bytes(res, "welcome")) : Optional.empty(),
        bytes(res, "ratchetTree"));
  }

  /** Protects application data; MLSMessage (PrivateMessage) bytes. */
  byte[] application(String client, byte[] data) {
    return bytes(call("application", request(client).put("data", HEX.formatHex(data))), "message");
  }

  /** A GroupInfo with external_pub (and ratchet_tree when {@code withTree}); MLSMessage bytes. */
  byte[] groupInfo(String client, boolean withTree) {
    return bytes(call("groupInfo", request(client).put("withTree", withTree)), "groupInfo");
  }

  /** Joins {@code client} by external commit; returns the commit's MLSMessage bytes. */
  byte[] joinExternal(String client, byte[] groupInfo, Optional<byte[]> ratchetTree, byte[] identity) {
    ObjectNode r = request(client).put("groupInfo", HEX.formatHex(groupInfo)).put("identity", HEX.formatHex(identity));
    ratchetTree.ifPresent(t -> r.put("ratchetTree", HEX.formatHex(t)));
    return bytes(call("joinExternal", r), "commit");
  }

  /** MLS-Exporter(label, context, length) of the client's current epoch (RFC 9420 §8.5). */
  byte[] exportSecret(String client, String label, byte[] context, int length) {
    ObjectNode r = request(client).put("label", label).put("context", HEX.formatHex(context)).put("length", length);
    return bytes(call("export", r), "secret");
  }

  Summary state(String client) {
    return summary(call("state", request(client)));
  }

  byte[] ratchetTree(String client) {
    return bytes(call("ratchetTree", request(client)), "ratchetTree");
  }

  /** Stops the driver: closes its stdin, then kills it if it has not exited within 5 s. */
  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // The process may already be gone; it is destroyed below either way.
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private ObjectNode request(String client) {
    return JSON.createObjectNode().put("client", client);
  }

  private JsonNode call(String op, ObjectNode request) {
    return call(op, request, CALL_TIMEOUT);
  }

  private synchronized JsonNode call(String op, ObjectNode request, Duration timeout) {
    long id = nextId++;
    request.put("id", id).put("op", op);
    String line;
    try {
      stdin.write(JSON.writeValueAsString(request));
      stdin.write('\n');
      stdin.flush();
      line = responses.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException e) {
      throw new TsMlsException(op + ": driver pipe broken" + stderrTail(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TsMlsException(op + ": interrupted", e);
    }
    if (line == null) {
      throw new TsMlsException(op + ": no answer within " + timeout + stderrTail());
    }
    if (line.equals(EOF)) {
      throw new TsMlsException(op + ": driver exited" + stderrTail());
    }
    JsonNode res;
    try {
      res = JSON.readTree(line);
    } catch (IOException e) {
      throw new TsMlsException(op + ": unreadable answer " + line + stderrTail(), e);
    }
    if (res.path("id").asLong() != id) {
      throw new TsMlsException(op + ": answer for request " + res.path("id") + ", expected " + id);
    }
    if (!res.path("ok").asBoolean()) {
      throw new TsMlsException(op + " failed in ts-mls: " + res.path("error").asText() + stderrTail());
    }
    return res;
  }

  private static byte[] bytes(JsonNode res, String field) {
    return HEX.parseHex(res.get(field).asText());
  }

  private static Summary summary(JsonNode res) {
    List<RosterEntry> roster = new ArrayList<>();
    for (JsonNode m : res.get("roster")) {
      roster.add(new RosterEntry(
          m.get("leaf").asInt(), HEX.parseHex(m.get("signatureKey").asText()), HEX.parseHex(m.get("identity").asText())));
    }
    return new Summary(
        res.get("epoch").asLong(),
        HEX.parseHex(res.get("epochAuthenticator").asText()),
        res.get("ownLeaf").asInt(),
        res.get("active").asText(),
        List.copyOf(roster));
  }

  private synchronized void keepStderr(String line) {
    if (stderr.size() == STDERR_LINES) {
      stderr.removeFirst();
    }
    stderr.add(line);
  }

  private synchronized String stderrTail() {
    return stderr.isEmpty() ? "" : "\n--- ts-mls driver stderr ---\n" + String.join("\n", stderr);
  }

  private static void pump(String name, InputStream in, Consumer<String> sink, boolean markEnd) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          sink.accept(line);
        }
      } catch (IOException e) {
        // The process ended; the EOF marker below tells a waiting caller.
      }
      if (markEnd) {
        sink.accept(EOF);
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  /** An entry of an external_senders extension (RFC 9420 §12.1.8.1) with a basic credential. */
  record ExternalSender(byte[] signatureKey, byte[] identity) {}

  /** What {@code process} reported: {@code application} (with data), {@code proposal} or {@code commit}. */
  record Processed(String kind, byte[] data, boolean removed) {}

  /** A commit, the Welcome for added members if any, and the committer's new ratchet tree. */
  record Committed(byte[] commit, Optional<byte[]> welcome, byte[] ratchetTree) {}

  /** One leaf of the ts-mls client's tree. */
  record RosterEntry(int leaf, byte[] signatureKey, byte[] identity) {}

  /** A ts-mls client's view of its group. */
  record Summary(long epoch, byte[] epochAuthenticator, int ownLeaf, String active, List<RosterEntry> roster) {}

  /** The driver failed, timed out or ts-mls rejected a request. */
  static final class TsMlsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TsMlsException(String message) {
      super(message);
    }

    TsMlsException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
