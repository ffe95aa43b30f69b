package io.conclave.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.client.identity.DeviceIdentity;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import io.conclave.server.store.Database;
import io.conclave.server.store.JdbcMeetingStore;
import io.conclave.server.store.ServerKeyRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A real relay on loopback (embedded H2 in a fresh directory under target/) behind a recording
 * proxy, and the clients of one meeting. Clients talk to the proxy only.
 */
final class LiveMeeting implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  final Path dataDir;
  final ConclaveServer server;
  final RecordingProxy proxy;
  /** The adversary between clients and relay, when the meeting was made with {@link #hostile()}. */
  final HostileRelay hostile;
  final URI uri;
  final Map<MeetingClient, Recorder> clients = new LinkedHashMap<>();
  final List<byte[]> epochSecrets = new ArrayList<>();

  LiveMeeting() throws Exception {
    this(false);
  }

  private LiveMeeting(boolean hostileRelay) throws Exception {
    this(hostileRelay, null);
  }

  /** @param relayKey the relay's signing key to install before it starts, or null for its own */
  private LiveMeeting(boolean hostileRelay, SignatureKeyPair relayKey) throws Exception {
    dataDir = Files.createDirectories(Path.of("target", "it-" + UUID.randomUUID()));
    if (relayKey != null) {
      try (Database db = Database.open(Database.h2Url(dataDir), null, null)) {
        new JdbcMeetingStore(db.dataSource()).saveServerKeyIfAbsent(new ServerKeyRecord(MeetingClient.CIPHER_SUITE,
            relayKey.privateKey().copy(), relayKey.publicKey(),
            new TlsWriter().write(new Credential.Basic("relay".getBytes(StandardCharsets.UTF_8))).toByteArray()));
      }
    }
    server = ConclaveServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
    proxy = new RecordingProxy(server.port());
    hostile = hostileRelay ? new HostileRelay(server.port()) : null;
    uri = URI.create("http://127.0.0.1:" + (hostileRelay ? hostile.port() : proxy.port()));
  }

  /** A meeting whose clients reach the relay only through a {@link HostileRelay}. */
  static LiveMeeting hostile() throws Exception {
    return new LiveMeeting(true);
  }

  /**
   * As {@link #hostile()}, with a relay signing key the test knows: the adversary can then sign
   * external proposals however it likes (the relay's own signer makes them one way only).
   */
  static LiveMeeting hostile(SignatureKeyPair relayKey) throws Exception {
    return new LiveMeeting(true, relayKey);
  }

  MeetingClientConfig.Builder config() {
    return MeetingClientConfig.builder().commitBackoff(Duration.ofMillis(700)).epochSecretTap(s -> {
      synchronized (epochSecrets) {
        epochSecrets.add(s.clone());
      }
    });
  }

  MeetingClient create(String name) throws Exception {
    return create(name, config().build());
  }

  MeetingClient create(String name, MeetingClientConfig config) throws Exception {
    Recorder r = new Recorder(name);
    MeetingClient c = MeetingClient.create(uri, identity(name), config, r);
    clients.put(c, r);
    c.awaitJoined(TIMEOUT);
    return c;
  }

  /** Joins with the link and waits until a member admitted it. */
  MeetingClient join(InviteLink link, String name) throws Exception {
    MeetingClient c = joinAsync(link, name, config().build());
    c.awaitJoined(TIMEOUT);
    return c;
  }

  MeetingClient join(InviteLink link, String name, MeetingClientConfig config) throws Exception {
    MeetingClient c = joinAsync(link, name, config);
    c.awaitJoined(TIMEOUT);
    return c;
  }

  MeetingClient joinAsync(InviteLink link, String name, MeetingClientConfig config) {
    Recorder r = new Recorder(name);
    MeetingClient c = MeetingClient.join(link, identity(name), config, r);
    clients.put(c, r);
    return c;
  }

  MeetingClient askToJoin(String meetingId, String name) {
    Recorder r = new Recorder(name);
    MeetingClient c = MeetingClient.askToJoin(uri, meetingId, identity(name), config().build(), r);
    clients.put(c, r);
    return c;
  }

  Recorder recorder(MeetingClient c) {
    return clients.get(c);
  }

  static DeviceIdentity identity(String name) {
    return DeviceIdentity.ephemeral(name, CipherSuites.get(MeetingClient.CIPHER_SUITE));
  }

  /** Waits until every client in {@code group} is in one epoch with {@code group.size()} members and one code. */
  static long awaitConverged(List<MeetingClient> group) {
    await("convergence of " + group.size() + " clients", () -> {
      long epoch = group.getFirst().epoch();
      return group.stream().allMatch(c -> c.epoch() == epoch && c.roster().size() == group.size()
          && c.securityCode().equals(group.getFirst().securityCode()));
    });
    return group.getFirst().epoch();
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  static String codes(List<MeetingClient> group) {
    return group.stream().map(c -> c.epoch() + ":" + c.securityCode().map(Object::toString).orElse("-"))
        .collect(Collectors.joining(", "));
  }

  void assertNoClientErrors() {
    clients.values().forEach(r -> assertThat(r.errors).as("errors of " + r.name).isEmpty());
  }

  @Override
  public void close() throws Exception {
    for (MeetingClient c : clients.keySet()) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // Closing the rest matters more.
      }
    }
    proxy.close();
    if (hostile != null) {
      hostile.close();
    }
    server.close();
  }
}
