package io.conclave.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.client.identity.SecurityCode;
import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Acceptance tests 1 and 2 (docs/SECURITY.md, "Meetings"): five Java clients on a real relay join
 * by invite link, exchange audio, video and chat carrying unique canaries, and one leaves. The
 * scenario runs once; each test checks one property of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FiveClientMeetingTest {
  private static final String[] NAMES = {"ana", "ben", "chloe", "dev", "emma"};
  private static final int AUDIO_FRAMES = 6;
  private static final int VIDEO_FRAMES = 4;

  private LiveMeeting meeting;
  private final List<MeetingClient> clients = new ArrayList<>();
  /** Per sender: the payloads it sent, in order, and its chat text. */
  private final Map<String, List<byte[]>> sent = new HashMap<>();
  private final Map<String, String> chats = new HashMap<>();
  private final List<String> canaries = new ArrayList<>();
  private final List<SecurityCode> codesPerEpoch = new ArrayList<>();
  private String inviteSecret;

  @BeforeAll
  void runMeeting() throws Exception {
    meeting = new LiveMeeting();
    MeetingClient host = meeting.create(NAMES[0]);
    clients.add(host);
    InviteLink link = InviteLink.parse(host.inviteLink().orElseThrow().format());
    inviteSecret = link.secret().encoded();
    LiveMeeting.awaitConverged(clients);
    codesPerEpoch.add(host.securityCode().orElseThrow());
    for (int i = 1; i < NAMES.length; i++) {
      clients.add(meeting.join(link, NAMES[i]));
      LiveMeeting.awaitConverged(clients);
      codesPerEpoch.add(host.securityCode().orElseThrow());
    }
    Random random = new Random(42);
    for (int i = 0; i < clients.size(); i++) {
      MeetingClient c = clients.get(i);
      String canary = "CANARY-" + NAMES[i] + "-" + UUID.randomUUID();
      canaries.add(canary);
      List<byte[]> payloads = new ArrayList<>();
      for (int f = 0; f < AUDIO_FRAMES + VIDEO_FRAMES; f++) {
        boolean audio = f < AUDIO_FRAMES;
        byte[] noise = new byte[audio ? 80 + random.nextInt(80) : 900 + random.nextInt(3000)];
        random.nextBytes(noise);
        byte[] payload = concat((canary + "/" + f + "/").getBytes(StandardCharsets.US_ASCII), noise);
        payloads.add(payload);
        c.sendMedia(new MediaFrameHeader(audio ? Track.AUDIO : Track.CAMERA_VIDEO, !audio && f == AUDIO_FRAMES, 0, 0,
            audio ? f : f - AUDIO_FRAMES), payload);
      }
      sent.put(NAMES[i], payloads);
      String text = "hello from " + NAMES[i] + " " + canary;
      chats.put(NAMES[i], text);
      c.sendChat(text);
    }
    int perClient = (clients.size() - 1) * (AUDIO_FRAMES + VIDEO_FRAMES);
    LiveMeeting.await("every frame and chat", () -> clients.stream().allMatch(c -> {
      Recorder r = meeting.recorder(c);
      return r.frames.size() >= perClient && r.chats.size() >= clients.size() - 1;
    }));

    MeetingClient leaver = clients.remove(clients.size() - 1);
    leaver.leave();
    LiveMeeting.awaitConverged(clients);
    codesPerEpoch.add(host.securityCode().orElseThrow());
  }

  @AfterAll
  void stop() throws Exception {
    if (meeting != null) {
      meeting.close();
    }
  }

  @Test
  void everyClientDecryptsEveryOtherClientsFramesAndChatByteExact() {
    for (int i = 0; i < NAMES.length; i++) {
      Recorder r = meeting.recorder(i < clients.size() ? clients.get(i) : leaverClient());
      for (String other : NAMES) {
        if (other.equals(NAMES[i])) {
          continue;
        }
        List<ReceivedFrame> frames = r.frames.stream().filter(f -> f.senderName().equals(other)).toList();
        assertThat(frames).as(NAMES[i] + " <- " + other).hasSize(AUDIO_FRAMES + VIDEO_FRAMES);
        for (int f = 0; f < frames.size(); f++) {
          assertThat(frames.get(f).payload()).as(NAMES[i] + " <- " + other + " frame " + f)
              .isEqualTo(sent.get(other).get(f));
          assertThat(frames.get(f).header().track()).isEqualTo(f < AUDIO_FRAMES ? Track.AUDIO : Track.CAMERA_VIDEO);
        }
        assertThat(r.chats.stream().filter(m -> m.senderName().equals(other)).map(ChatMessage::text))
            .as(NAMES[i] + " chat from " + other).containsExactly(chats.get(other));
      }
    }
    meeting.assertNoClientErrors();
  }

  @Test
  void everyClientShowsTheSameSecurityCodeWhichChangesOnEveryJoinAndLeave() {
    // 1 creation + 4 joins + 1 leave: six epochs, six distinct codes, each seen identically by all
    // clients that were members in that epoch.
    assertThat(codesPerEpoch).hasSize(NAMES.length + 1);
    assertThat(new HashSet<>(codesPerEpoch.stream().map(SecurityCode::digits).toList())).hasSize(NAMES.length + 1);
    for (SecurityCode code : codesPerEpoch) {
      assertThat(code.digits()).matches("\\d{5} \\d{5} \\d{5} \\d{5}");
      meeting.clients.forEach((client, r) -> {
        SecurityCode seen = r.codes.get(code.epoch());
        if (seen != null) {
          assertThat(seen).as(r.name + " in epoch " + code.epoch()).isEqualTo(code);
        }
      });
    }
    assertThat(clients).allSatisfy(c -> assertThat(c.roster()).hasSize(NAMES.length - 1)
        .allSatisfy(p -> assertThat(p.fingerprint().toString()).matches("(\\d{5} ){5}\\d{5}")));
  }

  @Test
  void serverNeverReceivesSendsOrStoresACanaryOrAnExporterSecret() throws Exception {
    List<byte[]> secrets = new ArrayList<>();
    synchronized (meeting.epochSecrets) {
      secrets.addAll(meeting.epochSecrets);
    }
    // One base key per member and epoch: 1 + 2 + 3 + 4 + 5 while joining, 4 after the leave.
    assertThat(secrets.size()).as("exported SFrame base keys").isEqualTo(19);
    secrets.add(Base64.getUrlDecoder().decode(inviteSecret));
    secrets.add(inviteSecret.getBytes(StandardCharsets.US_ASCII));
    Map<String, byte[]> haystacks = new HashMap<>();
    haystacks.put("bytes the server received", meeting.proxy.toServer());
    haystacks.put("bytes the server sent", meeting.proxy.fromServer());
    assertThat(haystacks.get("bytes the server received").length).isGreaterThan(50_000);
    try (Stream<Path> files = Files.walk(meeting.dataDir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        haystacks.put(f.toString(), Files.readAllBytes(f));
      }
    }
    assertThat(haystacks.keySet()).anyMatch(k -> k.endsWith(".db"));
    Set<String> found = new HashSet<>();
    haystacks.forEach((where, bytes) -> {
      canaries.forEach(c -> {
        if (indexOf(bytes, c.getBytes(StandardCharsets.US_ASCII)) >= 0) {
          found.add(c + " in " + where);
        }
      });
      for (int i = 0; i < secrets.size(); i++) {
        if (indexOf(bytes, secrets.get(i)) >= 0) {
          found.add("secret #" + i + " in " + where);
        }
      }
    });
    assertThat(found).isEmpty();
  }

  private MeetingClient leaverClient() {
    return meeting.clients.keySet().stream().filter(c -> !clients.contains(c)).findFirst().orElseThrow();
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
