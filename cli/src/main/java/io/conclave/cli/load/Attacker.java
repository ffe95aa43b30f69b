package io.conclave.cli.load;

import io.conclave.protocol.control.ClientMessage;
import io.conclave.protocol.control.ControlCodec;
import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

/**
 * Plays one {@link Attack} on one connection. All randomness comes from the given seeded {@link
 * Random}, so a run is repeatable up to thread scheduling.
 */
final class Attacker {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
  private static final String[] WRONG_TYPES = {
      "ready", "registered", "welcome", "commit_accepted", "keyframe_request", "subscribe", "", "HELLO"};

  private final ControlCodec codec = new ControlCodec(1 << 20);
  private final Random random;
  private final LoadOptions options;

  Attacker(Random random, LoadOptions options) {
    this.random = random;
    this.options = options;
  }

  /**
   * Sends the attack's messages.
   *
   * @param meeting a meeting the attacker may enter
   * @return how many messages the connection accepted
   */
  int play(Attack attack, RawConnection c, String meeting) throws InterruptedException {
    return switch (attack) {
      case RANDOM_TEXT -> sent(c.sendText(randomText(1 + random.nextInt(300))));
      case BINARY_BEFORE_HELLO -> sent(c.sendBinary(randomBytes(1 + random.nextInt(2000))));
      case WRONG_TYPE -> sent(c.sendText(wrongType()));
      case STEP_BEFORE_HELLO -> sent(c.sendText(text(validStep())));
      case SECOND_HELLO -> hello(c, meeting) + sent(c.sendText(helloJson(meeting)));
      case UNKNOWN_MEETING -> sent(c.sendText(helloJson("no-such-" + random.nextInt(1_000_000))));
      case BAD_RESUME -> sent(c.sendText(text(new ClientMessage.Hello(meeting, randomId(43)))));
      case OVERSIZED_MEDIA -> helloThen(c, meeting, () -> sent(c.sendBinary(
          validFrame(options.maxMediaFrameBytes() + 1 + random.nextInt(4096)))));
      case OVERSIZED_CONTROL -> sent(c.sendText(oversizedControl()));
      case BAD_MEDIA_HEADER -> helloThen(c, meeting, () -> sent(c.sendBinary(badHeaderFrame())));
      case RANDOM_MLS -> helloThen(c, meeting, () -> sent(c.sendText(text(randomMls()))));
      case GARBAGE_MEDIA -> helloThen(c, meeting, () -> garbageMedia(c));
    };
  }

  private interface Step {
    int run() throws InterruptedException;
  }

  private int hello(RawConnection c, String meeting) throws InterruptedException {
    int n = sent(c.sendText(helloJson(meeting)));
    awaitReady(c);
    return n;
  }

  /** Sends hello and waits for ready: media sent before ready is out of order (4409). */
  private int helloThen(RawConnection c, String meeting, Step then) throws InterruptedException {
    int n = sent(c.sendText(helloJson(meeting)));
    if (!awaitReady(c)) {
      return n;
    }
    return n + then.run();
  }

  private boolean awaitReady(RawConnection c) throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && !c.isClosed()) {
      String text = c.nextText(Duration.ofMillis(50));
      if (text != null && text.contains("\"ready\"")) {
        return true;
      }
    }
    return false;
  }

  private int garbageMedia(RawConnection c) throws InterruptedException {
    int frames = options.garbageBurst() / 2 + random.nextInt(options.garbageBurst());
    long pauseNanos = 1_000_000_000L / options.garbagePerSecond();
    long next = System.nanoTime();
    int n = 0;
    for (int i = 0; i < frames; i++) {
      if (!c.sendBinary(validFrame(13 + random.nextInt(300)))) {
        return n;
      }
      n++;
      next += pauseNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(Duration.ofNanos(wait));
      }
    }
    return n + sent(c.sendText(randomText(1 + random.nextInt(100))));
  }

  private static int sent(boolean ok) {
    return ok ? 1 : 0;
  }

  private String helloJson(String meeting) {
    return text(new ClientMessage.Hello(meeting, null));
  }

  private String text(ClientMessage message) {
    return new String(codec.encode(message), StandardCharsets.UTF_8);
  }

  private String wrongType() {
    String type = WRONG_TYPES[random.nextInt(WRONG_TYPES.length)];
    return switch (random.nextInt(3)) {
      case 0 -> "{\"v\":1,\"type\":\"" + type + "\"}";
      case 1 -> "{\"v\":" + (2 + random.nextInt(9)) + ",\"type\":\"hello\",\"meeting\":\"m\"}";
      default -> "[" + random.nextInt() + ",\"hello\"]";
    };
  }

  private ClientMessage validStep() {
    byte[] b = randomBytes(1 + random.nextInt(200));
    return switch (random.nextInt(6)) {
      case 0 -> new ClientMessage.RegisterGroup(b, "forged_host_token");
      case 1 -> new ClientMessage.JoinRequest(b);
      case 2 -> new ClientMessage.Commit(random.nextInt(5), b, null, b);
      case 3 -> new ClientMessage.Proposal(b);
      case 4 -> new ClientMessage.Application(b);
      default -> new ClientMessage.Bye();
    };
  }

  private ClientMessage randomMls() {
    byte[] b = randomBytes(1 + random.nextInt(500));
    return switch (random.nextInt(5)) {
      case 0 -> new ClientMessage.RegisterGroup(b, "forged_host_token");
      case 1 -> new ClientMessage.JoinRequest(b);
      case 2 -> new ClientMessage.Commit(0, b, null, b);
      case 3 -> new ClientMessage.Proposal(b);
      default -> new ClientMessage.Application(b);
    };
  }

  private String oversizedControl() {
    int size = options.maxControlBytes() + 1 + random.nextInt(1024);
    StringBuilder s = new StringBuilder(size);
    s.append("{\"v\":1,\"type\":\"application\",\"message\":\"");
    while (s.length() < size - 2) {
      s.append('A');
    }
    return s.append("\"}").toString();
  }

  private byte[] validFrame(int length) {
    byte[] f = randomBytes(length);
    Track track = Track.values()[random.nextInt(Track.values().length)];
    new MediaFrameHeader(track, random.nextBoolean(), 0, 0, random.nextInt() & 0xffff_ffffL)
        .encodeTo(f, 0);
    return f;
  }

  /** A valid-length frame whose version, track or reserved flag bits are wrong. */
  private byte[] badHeaderFrame() {
    byte[] f = validFrame(13 + random.nextInt(200));
    switch (random.nextInt(3)) {
      case 0 -> f[0] = (byte) (2 + random.nextInt(250));
      case 1 -> f[1] = (byte) (3 + random.nextInt(250));
      default -> f[2] = (byte) (2 | random.nextInt(256));
    }
    return f;
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private String randomText(int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append((char) (0x20 + random.nextInt(0x5f)));
    }
    return s.toString();
  }

  private String randomId(int n) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
