package io.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.client.HostileRelay;
import io.conclave.client.InviteLink;
import io.conclave.client.MeetingClient;
import io.conclave.client.MeetingClientConfig;
import io.conclave.client.MeetingListener;
import io.conclave.client.Participant;
import io.conclave.admission.Attestation;
import io.conclave.admission.ConclaveExtensions;
import io.conclave.admission.Hosts;
import io.conclave.admission.InviteKey;
import io.conclave.admission.InviteSecret;
import io.conclave.admission.JoinKeyPackage;
import io.conclave.client.identity.DeviceIdentity;
import io.conclave.client.transport.MeetingApi;
import io.conclave.client.transport.RelayConnection;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.extension.ExternalPub;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.ExternalJoin;
import io.conclave.mls.group.ExternalJoinOptions;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.messages.Add;
import io.conclave.mls.messages.GroupContextExtensions;
import io.conclave.mls.messages.ProposalOrRef;
import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.ControlCodec;
import io.conclave.protocol.control.ServerMessage;
import io.conclave.server.ConclaveServer;
import io.conclave.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The attacks of issue 10 against the browser client (docs/SECURITY.md, "Against a malicious
 * relay"): the real relay on loopback, client's {@link HostileRelay} (the man in the middle that
 * whoever runs the relay's host is) in front of it, one headless Chromium page per test loaded
 * through the hostile relay (so its WebSocket goes through it too), and Java participants from the
 * client library where they make a test simpler. The Java versions: client's AdversarialRelayTest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserAdversarialRelayTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path WEB = MODULE.resolve("../web").normalize();
  private static final Path TARGET = MODULE.resolve("target");
  /** Bound for one join or one commit to show up on a loaded 2-core machine. */
  private static final long STEP_MS = 60_000;
  private static final Duration STEP = Duration.ofMillis(STEP_MS);
  /**
   * Java members wait this long per rank before committing, so that the browser (leaf 0 when it
   * creates the meeting, rank 0, no wait) is the one that commits.
   */
  private static final Duration SLOW_JAVA_BACKOFF = Duration.ofSeconds(30);

  /**
   * Run in a page before its join click: records every roster (names) and status the page probe
   * ({@code window.conclave}, made at the click) ever shows, from its first value on.
   */
  private static final String RECORD_PROBE = """
      window.__rosters = []; window.__statuses = [];
      let probe;
      Object.defineProperty(window, 'conclave', { configurable: true, get: () => probe, set: (p) => {
        probe = p;
        let roster = p.roster, status = p.status;
        window.__statuses.push(status);
        Object.defineProperty(p, 'roster', { configurable: true, enumerable: true, get: () => roster,
          set: (v) => { roster = v; window.__rosters.push(v.map((m) => m.name)); } });
        Object.defineProperty(p, 'status', { configurable: true, enumerable: true, get: () => status,
          set: (v) => { status = v; window.__statuses.push(v); } });
      } });
      return true;""";

  private final CipherSuite suite = CipherSuites.get(MeetingClient.CIPHER_SUITE);
  private ConclaveServer server;
  private Playwright pw;
  private HostileRelay hostile;
  private String base;
  private final List<MeetingClient> javaClients = new ArrayList<>();
  private final List<RelayConnection> rawConnections = new ArrayList<>();
  /** Participant ids on the relay that are not the browser's. */
  private final Set<String> javaIds = new HashSet<>();
  private final List<String> pages = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    Path data = TARGET.resolve("adversarial-data");
    TestFiles.deleteTree(data);
    server = ConclaveServer.start(ServerConfig.builder().host("127.0.0.1").port(0).plain().dataDir(data)
        .webRoot(WEB.resolve("target/test-web")).build());
    pw = new Playwright(WEB);
  }

  @BeforeEach
  void hostileRelay() throws IOException {
    hostile = new HostileRelay(server.port());
    base = "http://127.0.0.1:" + hostile.port();
  }

  @AfterEach
  void cleanUp() throws IOException {
    for (String p : pages) {
      try {
        pw.closePage(p);
      } catch (RuntimeException | AssertionError e) {
        // Closing the rest matters more.
      }
    }
    pages.clear();
    for (MeetingClient c : javaClients) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // as above
      }
    }
    javaClients.clear();
    for (RelayConnection c : rawConnections) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // as above
      }
    }
    rawConnections.clear();
    javaIds.clear();
    hostile.close();
  }

  @AfterAll
  void stop() throws Exception {
    if (pw != null) {
      pw.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Attack 1: the relay signs an Add of its own KeyPackage with its external-sender key. */
  @Test
  void attack1RelaysOwnAddIsNeverCommittedByTheBrowser() throws Exception {
    String link = createInBrowser("alice", "Alice");
    MeetingClient member = javaJoin(link, "member", slowJava());
    String code = converged("alice", List.of(member), 2, "");
    long epoch = member.epoch();
    HostileRelay.Link alice = browserLink();
    int commitsBefore = alice.sent(ClientMessage.Commit.class).size();
    KeyPackageBundle relayKp = JoinKeyPackage.create(suite, "relay", suite.generateSignatureKeyPair(),
        member.meetingId(), Optional.empty(), Instant.now());
    byte[] proposal = server.serverKey().propose(groupId(member), epoch, new Add(relayKp.keyPackage()));
    alice.inject(new ServerMessage.Proposal("server", epoch, proposal));
    hostile.link(id(member)).inject(new ServerMessage.Proposal("server", epoch, proposal));
    // Work for the members: a third participant joins with the link; the browser commits it.
    MeetingClient third = javaJoin(link, "third", slowJava());
    converged("alice", List.of(member, third), 3, code);

    List<ClientMessage.Commit> mine = alice.sent(ClientMessage.Commit.class);
    mine = mine.subList(commitsBefore, mine.size());
    assertThat(mine).as("the browser committed after the relay's proposal").isNotEmpty();
    boolean addedThird = false;
    for (ClientMessage.Commit c : mine) {
      for (ProposalOrRef p : proposalsOf(c.commit())) {
        assertThat(p).as("no commit of the browser refers to a stored proposal").isInstanceOf(ProposalOrRef.Inline.class);
        if (((ProposalOrRef.Inline) p).proposal() instanceof Add add) {
          assertThat(add.keyPackage().leafNode().signatureKey()).as("the relay's KeyPackage")
              .isNotEqualTo(relayKp.keyPackage().leafNode().signatureKey());
          addedThird |= new String(((Credential.Basic) add.keyPackage().leafNode().credential()).identity(),
              StandardCharsets.UTF_8).equals("third");
        }
      }
    }
    assertThat(addedThird).as("the browser's commit added the third participant").isTrue();
    assertNoRosterEverHad("alice", "relay");
    assertThat(names("alice")).containsExactly("Alice", "member", "third");
    assertThat(pw.eval("alice", "return window.conclave.roster.some((m) => m.unauthorised);").asBoolean()).isFalse();
    for (MeetingClient c : List.of(member, third)) {
      assertThat(c.roster()).extracting(Participant::name).containsExactly("Alice", "member", "third");
      assertThat(c.roster()).noneMatch(Participant::unauthorised);
    }
  }

  /**
   * Attack 2: no GroupInfo the browser gives the relay carries {@code external_pub}; an external
   * commit made from one that does (as a member could make it) is refused by the browser.
   */
  @Test
  void attack2BrowserSendsNoExternalPubAndRefusesAnExternalCommit() throws Exception {
    String link = createInBrowser("alice", "Alice");
    Group member = rawJoin(InviteLink.parse(link), "member");
    converged("alice", List.of(), 2, "");
    HostileRelay.Link alice = browserLink();
    List<byte[]> infos = new ArrayList<>();
    alice.sent(ClientMessage.RegisterGroup.class).forEach(r -> infos.add(r.groupInfo()));
    alice.sent(ClientMessage.Commit.class).forEach(c -> infos.add(c.groupInfo()));
    assertThat(alice.sent(ClientMessage.RegisterGroup.class)).hasSize(1);
    assertThat(infos).as("register_group and the commit that added the member").hasSizeGreaterThanOrEqualTo(2);
    for (byte[] info : infos) {
      assertThat(extensionTypes(info)).doesNotContain(ExternalPub.EXTENSION_TYPE);
    }

    long epoch = browserEpoch("alice");
    assertThat(member.epoch()).isEqualTo(epoch);
    String code = pw.eval("alice", "return window.conclave.securityCode;").asText();
    MlsMessage leaked = member.groupInfo(true);
    assertThat(extensionTypes(leaked.toBytes())).as("the GroupInfo the intruder uses").contains(ExternalPub.EXTENSION_TYPE);
    ExternalJoin intruder = Group.joinExternally(leaked, new Credential.Basic("intruder".getBytes(StandardCharsets.UTF_8)),
        suite.generateSignatureKeyPair(), ExternalJoinOptions.DEFAULT.withLeaf(ConclaveExtensions.capabilities(suite),
            List.of()), GroupConfig.DEFAULT);
    int warnings = warningCount("alice");
    alice.inject(new ServerMessage.Commit("intruder", epoch, intruder.commit().toBytes()));
    // Whatever the browser does with it shows: a warning, or (were it applied) a new epoch.
    pw.waitFor("alice", "const c = window.conclave; return c.warnings.length > " + warnings + " || c.epoch !== '" + epoch
        + "';", STEP_MS);
    assertThat(pw.eval("alice", "return window.conclave.warnings.slice(" + warnings + ");").toString())
        .contains("a join from outside the meeting");
    assertThat(browserEpoch("alice")).as("the browser stays in its epoch").isEqualTo(epoch);
    assertThat(pw.eval("alice", "return window.conclave.securityCode;").asText()).isEqualTo(code);
    assertNoRosterEverHad("alice", "intruder");
    assertThat(names("alice")).containsExactly("Alice", "member");
  }

  /** Attack 3: the relay rewrites {@code conclave_hosts} and {@code external_senders} by an external GCE. */
  @Test
  void attack3RelaysGroupContextExtensionsAreDroppedByTheBrowser() throws Exception {
    String link = createInBrowser("alice", "Alice");
    MeetingClient member = javaJoin(link, "member", slowJava());
    String code = converged("alice", List.of(member), 2, "");
    long epoch = member.epoch();
    HostileRelay.Link alice = browserLink();
    int commitsBefore = alice.sent(ClientMessage.Commit.class).size();
    SignatureKeyPair relayHost = suite.generateSignatureKeyPair();
    List<Extension> rewritten = List.of(
        new ExternalSenders(List.of(new ExternalSender(relayHost.publicKey(),
            new Credential.Basic("relay".getBytes(StandardCharsets.UTF_8))))).toExtension(),
        new Hosts(List.of(relayHost.publicKey())).toExtension(),
        InviteKey.extension(InviteSecret.generate(new SecureRandom()), member.meetingId()));
    byte[] proposal = server.serverKey().propose(groupId(member), epoch, new GroupContextExtensions(rewritten));
    alice.inject(new ServerMessage.Proposal("server", epoch, proposal));
    hostile.link(id(member)).inject(new ServerMessage.Proposal("server", epoch, proposal));
    MeetingClient third = javaJoin(link, "third", slowJava());
    converged("alice", List.of(member, third), 3, code);

    List<ClientMessage.Commit> mine = alice.sent(ClientMessage.Commit.class);
    mine = mine.subList(commitsBefore, mine.size());
    assertThat(mine).as("the browser committed after the relay's proposal").isNotEmpty();
    for (ClientMessage.Commit c : mine) {
      assertThat(proposalsOf(c.commit())).allMatch(p -> p instanceof ProposalOrRef.Inline i
          && !(i.proposal() instanceof GroupContextExtensions));
    }
    assertThat(pw.eval("alice", "return window.conclave.roster.filter((m) => m.host).map((m) => m.name);"))
        .extracting(JsonNode::asText).containsExactly("Alice");
    assertThat(pw.eval("alice", "return window.conclave.notices;").toString()).doesNotContain("changed who the hosts");
    for (MeetingClient c : List.of(member, third)) {
      assertThat(c.roster()).filteredOn(Participant::host).extracting(Participant::name).containsExactly("Alice");
    }
  }

  /** Attack 4: the relay delivers to the browser a commit forged by a non-member. */
  @Test
  void attack4ForgedCommitIsNotAppliedByTheBrowser() throws Exception {
    MeetingClient host = javaCreate("host");
    joinInBrowser("bob", host.inviteLink().orElseThrow().format(), "Bob");
    waitJoined("bob");
    String code = converged("bob", List.of(host), 2, "");
    long epoch = host.epoch();
    // A group of the forger's own with the meeting's id, brought to the same epoch: its commit
    // names sender leaf 0 (the host's leaf in the real tree) but is signed by the forger.
    Group fake = Group.create(suite, groupId(host), new Credential.Basic("host".getBytes(StandardCharsets.UTF_8)),
        suite.generateSignatureKeyPair(), GroupConfig.DEFAULT);
    while (fake.epoch() < epoch) {
      fake.commit(CommitOptions.DEFAULT);
      fake.mergePendingCommit();
    }
    KeyPackageBundle relayKp = JoinKeyPackage.create(suite, "relay", suite.generateSignatureKeyPair(),
        host.meetingId(), Optional.empty(), Instant.now());
    CommitOutput forged = fake.commit(CommitOptions.builder().add(relayKp.keyPackage()).build());
    int warnings = warningCount("bob");
    browserLink().inject(new ServerMessage.Commit(id(host), epoch, forged.commit().toBytes()));
    pw.waitFor("bob", "const c = window.conclave; return c.warnings.length > " + warnings + " || c.epoch !== '" + epoch
        + "';", STEP_MS);
    assertThat(browserEpoch("bob")).as("the browser stays in its epoch").isEqualTo(epoch);
    assertThat(pw.eval("bob", "return window.conclave.securityCode;").asText()).isEqualTo(code);
    assertThat(pw.eval("bob", "return window.conclave.status;").asText()).isEqualTo("joined");
    // The meeting goes on: the next honest commit is applied by the browser too.
    MeetingClient third = javaJoin(host.inviteLink().orElseThrow().format(), "third", javaConfig().build());
    converged("bob", List.of(host, third), 3, code);
    assertNoRosterEverHad("bob", "relay");
  }

  /**
   * Attack 6: the relay keeps the browser's join request from the members and welcomes it into a
   * fake group of its own with the meeting's id; without the invite secret it cannot attest the
   * group, and the browser leaves having sent nothing into it, saying why.
   */
  @Test
  void attack6BrowserRefusesAFakeGroup() throws Exception {
    MeetingClient host = javaCreate("host");
    SignatureKeyPair relayKeys = suite.generateSignatureKeyPair();
    InviteSecret relaySecret = InviteSecret.generate(new SecureRandom());
    Group fake = Group.create(suite, groupId(host), new Credential.Basic("host".getBytes(StandardCharsets.UTF_8)),
        relayKeys, List.of(new Hosts(List.of(relayKeys.publicKey())).toExtension(),
            InviteKey.extension(relaySecret, host.meetingId())), GroupConfig.DEFAULT);
    AtomicBoolean diverted = new AtomicBoolean();
    hostile.rules = new HostileRelay.Rules() {
      @Override
      public boolean toServer(HostileRelay.Link link, ClientMessage m) {
        if (m instanceof ClientMessage.JoinRequest j) {
          KeyPackage kp = ((MlsMessage.KeyPackageBody) TlsReader.decodeFully(j.keyPackage(), MlsMessage::decode)
              .body()).keyPackage();
          CommitOutput out = fake.commit(CommitOptions.builder().add(kp).build());
          fake.mergePendingCommit();
          link.inject(new ServerMessage.Welcome(fake.epoch(), out.welcome().orElseThrow().toBytes()));
          // An attestation it cannot make: a MAC under its own secret (PROTOCOL.md "Application
          // messages": type 3, then the MAC).
          byte[] mac = Attestation.compute(relaySecret, host.meetingId(), fake.groupId(), fake.epoch(),
              fake.epochAuthenticator());
          byte[] attestation = new byte[mac.length + 1];
          attestation[0] = 3;
          System.arraycopy(mac, 0, attestation, 1, mac.length);
          link.inject(new ServerMessage.Application("host", fake.encryptApplication(attestation).toBytes()));
          diverted.set(true);
          return false;
        }
        return true;
      }
    };
    joinInBrowser("bob", host.inviteLink().orElseThrow().format(), "Bob");
    // The attestation timeout of the page is its default, 10 s.
    pw.waitFor("bob", "const s = window.conclave.status; return s.startsWith('closed') || s === 'joined';", STEP_MS);
    assertThat(pw.eval("bob", "return window.conclave.status;").asText()).isEqualTo("closed:unverified");
    assertThat(diverted).as("the join request went into the fake group").isTrue();
    List<String> statuses = new ArrayList<>();
    pw.eval("bob", "return window.__statuses;").forEach(s -> statuses.add(s.asText()));
    assertThat(statuses).as("the Welcome was taken, then the group had to prove itself").contains("verifying")
        .doesNotContain("joined");
    assertThat(pw.eval("bob", "return window.conclave.joinedAt === undefined;").asBoolean()).as("never joined").isTrue();
    assertThat(pw.eval("bob", "return window.conclave.warnings;").toString()).contains("could not prove that it knows the invite link");
    assertThat(pw.eval("bob", "return document.querySelector('#status').textContent;").asText()).contains("fake meeting");
    HostileRelay.Link bob = browserLink();
    assertThat(bob.sent(ClientMessage.JoinRequest.class)).hasSize(1);
    assertThat(bob.sent).as("nothing sent into the fake group").allMatch(m -> m instanceof ClientMessage.Hello
        || m instanceof ClientMessage.JoinRequest || m instanceof ClientMessage.Bye);
    assertThat(bob.mediaSent.get()).as("media frames sent").isZero();
    assertThat(host.roster()).extracting(Participant::name).containsExactly("host");
  }

  // ---- participants ----

  /** A browser page creates a meeting through the hostile relay; returns its invite link. */
  private String createInBrowser(String page, String name) {
    newPage(page);
    pw.go(page, base + "/");
    pw.click(page, "#create");
    enterAndJoin(page, name);
    waitJoined(page);
    return pw.waitFor(page, "const v = document.querySelector('#invite-link').value; return v.includes('#') && v;",
        STEP_MS).asText();
  }

  /** A browser page joins with {@code link}; the caller waits for what it expects. */
  private void joinInBrowser(String page, String link, String name) {
    assertThat(link).startsWith(base + "/m/");
    newPage(page);
    pw.go(page, link);
    enterAndJoin(page, name);
  }

  private void newPage(String page) {
    pw.page(page, 640, 480);
    pages.add(page);
  }

  /** The lobby: name, no camera and muted (less load), then the join click with the probe recorded. */
  private void enterAndJoin(String page, String name) {
    pw.waitFor(page, "return document.querySelector('#name') !== null;", STEP_MS);
    pw.eval(page, RECORD_PROBE);
    pw.fill(page, "#name", name);
    pw.check(page, "#start-muted");
    pw.check(page, "#start-camera-off");
    pw.click(page, "#join");
  }

  private void waitJoined(String page) {
    pw.waitFor(page, "return window.conclave?.status === 'joined' && window.conclave.securityCode;", STEP_MS);
  }

  private MeetingClientConfig.Builder javaConfig() {
    return MeetingClientConfig.builder().commitBackoff(Duration.ofMillis(700));
  }

  private MeetingClientConfig slowJava() {
    return MeetingClientConfig.builder().commitBackoff(SLOW_JAVA_BACKOFF).build();
  }

  private MeetingClient javaCreate(String name) throws Exception {
    MeetingClient c = MeetingClient.create(URI.create(base), identity(name), javaConfig().build(), new MeetingListener() {});
    javaClients.add(c);
    c.awaitJoined(STEP);
    javaIds.add(id(c));
    return c;
  }

  private MeetingClient javaJoin(String link, String name, MeetingClientConfig config) throws Exception {
    MeetingClient c = MeetingClient.join(InviteLink.parse(link), identity(name), config, new MeetingListener() {});
    javaClients.add(c);
    c.awaitJoined(STEP);
    javaIds.add(id(c));
    return c;
  }

  /**
   * A member of the test's own making, with the MLS library alone (no MeetingClient), so that the
   * test holds its group state: it joins with the link and returns its group once welcomed.
   */
  private Group rawJoin(InviteLink link, String name) throws Exception {
    BlockingQueue<ServerMessage> in = new LinkedBlockingQueue<>();
    HttpClient http = HttpClient.newHttpClient();
    RelayConnection conn = RelayConnection.open(http, new MeetingApi(http, URI.create(base)).webSocketUri(),
        new ControlCodec(1 << 22), new RelayConnection.Handler() {
          @Override
          public void control(ServerMessage message) {
            in.add(message);
          }

          @Override
          public void media(byte[] frame) {}

          @Override
          public void closed(int code, String reason) {}
        });
    rawConnections.add(conn);
    conn.send(new ClientMessage.Hello(link.meetingId(), null));
    javaIds.add(next(in, ServerMessage.Ready.class).participant());
    KeyPackageBundle kp = JoinKeyPackage.create(suite, name, suite.generateSignatureKeyPair(), link.meetingId(),
        Optional.of(link.secret()), Instant.now());
    conn.send(new ClientMessage.JoinRequest(kp.toMessage().toBytes()));
    ServerMessage.Welcome w = next(in, ServerMessage.Welcome.class);
    return Group.joinFromWelcome(TlsReader.decodeFully(w.welcome(), MlsMessage::decode), kp, Optional.empty(),
        GroupConfig.DEFAULT);
  }

  private static <T extends ServerMessage> T next(BlockingQueue<ServerMessage> in, Class<T> type) throws Exception {
    long deadline = System.currentTimeMillis() + STEP_MS;
    while (System.currentTimeMillis() < deadline) {
      ServerMessage m = in.poll(200, TimeUnit.MILLISECONDS);
      if (type.isInstance(m)) {
        return type.cast(m);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " from the relay");
  }

  private static DeviceIdentity identity(String name) {
    return DeviceIdentity.ephemeral(name, CipherSuites.get(MeetingClient.CIPHER_SUITE));
  }

  private static String id(MeetingClient c) {
    return c.participantId().orElseThrow();
  }

  private static byte[] groupId(MeetingClient c) {
    return c.meetingId().getBytes(StandardCharsets.US_ASCII);
  }

  /** The browser's WebSocket through the hostile relay: the latest link that is no Java participant's. */
  private HostileRelay.Link browserLink() {
    List<HostileRelay.Link> links = hostile.links().stream()
        .filter(l -> l.participant != null && !javaIds.contains(l.participant)).toList();
    assertThat(links).as("the browser's connection").isNotEmpty();
    return links.getLast();
  }

  // ---- what the page shows ----

  /**
   * Waits until the page and the Java members show one security code (other than
   * {@code previous}) and {@code members} participants; returns the code.
   */
  private String converged(String page, List<MeetingClient> java, int members, String previous) throws Exception {
    long deadline = System.currentTimeMillis() + STEP_MS;
    for (;;) {
      JsonNode v = pw.eval(page, "const c = window.conclave; return [c.securityCode ?? '', c.roster.length, c.epoch ?? ''];");
      String code = v.get(0).asText();
      boolean same = !code.isEmpty() && !code.equals(previous) && v.get(1).asInt() == members
          && java.stream().allMatch(c -> c.roster().size() == members
          && c.securityCode().map(Object::toString).orElse("").equals(code));
      if (same) {
        return code;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("no convergence on " + members + " members: " + page + "@" + v.get(2).asText() + " "
            + code + "; " + java.stream().map(c -> c.epoch() + " " + c.securityCode().map(Object::toString).orElse("-"))
            .toList());
      }
      Thread.sleep(100);
    }
  }

  private long browserEpoch(String page) {
    return Long.parseLong(pw.eval(page, "return window.conclave.epoch;").asText());
  }

  private int warningCount(String page) {
    return pw.eval(page, "return window.conclave.warnings.length;").asInt();
  }

  private List<String> names(String page) {
    List<String> out = new ArrayList<>();
    pw.eval(page, "return window.conclave.roster.map((m) => m.name);").forEach(n -> out.add(n.asText()));
    return out;
  }

  /** No roster the page showed since its join click had a member named {@code name}. */
  private void assertNoRosterEverHad(String page, String name) {
    JsonNode rosters = pw.eval(page, "return window.__rosters;");
    assertThat(rosters.size()).as("rosters recorded").isPositive();
    rosters.forEach(r -> r.forEach(n -> assertThat(n.asText()).as("a member in a roster of " + page).isNotEqualTo(name)));
  }

  // ---- MLS ----

  private static List<ProposalOrRef> proposalsOf(byte[] commit) {
    MlsMessage.Public p = (MlsMessage.Public) TlsReader.decodeFully(commit, MlsMessage::decode).body();
    return ((Content.CommitContent) p.message().content().content()).commit().proposals();
  }

  private static List<Integer> extensionTypes(byte[] groupInfo) {
    MlsMessage.GroupInfoBody body = (MlsMessage.GroupInfoBody) TlsReader.decodeFully(groupInfo, MlsMessage::decode).body();
    return body.groupInfo().extensions().stream().map(Extension::type).toList();
  }

}
