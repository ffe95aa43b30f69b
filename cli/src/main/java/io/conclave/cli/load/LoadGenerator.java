package io.conclave.cli.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs {@link LoadOptions#connections()} misbehaving workers until {@link LoadOptions#messages()}
 * messages have been sent. Each worker, seeded from the run's seed, repeatedly opens a connection,
 * plays a random {@link Attack} on it and waits for the server to close it, then reconnects.
 */
public final class LoadGenerator {
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
  private static final Attack[] OWN_MEETING_ATTACKS = {
      Attack.RANDOM_TEXT, Attack.BINARY_BEFORE_HELLO, Attack.WRONG_TYPE, Attack.STEP_BEFORE_HELLO,
      Attack.SECOND_HELLO, Attack.UNKNOWN_MEETING, Attack.BAD_RESUME, Attack.OVERSIZED_MEDIA,
      Attack.OVERSIZED_CONTROL, Attack.BAD_MEDIA_HEADER, Attack.RANDOM_MLS};

  private final LoadOptions options;
  private final HttpClient http;
  private final LoadReport report = new LoadReport();
  private final AtomicLong budget;

  public LoadGenerator(LoadOptions options) {
    this.options = options;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.budget = new AtomicLong(options.messages());
  }

  /** The tally so far; complete once {@link #run()} returns. */
  public LoadReport report() {
    return report;
  }

  /** Runs to the end and returns the report. */
  public LoadReport run() throws InterruptedException {
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < options.connections(); i++) {
      Random random = new Random(options.seed() * 1_000_003L + i);
      String own = createMeeting();
      workers.add(Thread.ofPlatform().name("load-" + i).start(() -> work(random, own)));
    }
    for (Thread t : workers) {
      t.join();
    }
    return report;
  }

  private void work(Random random, String ownMeeting) {
    Attacker attacker = new Attacker(random, options);
    try {
      while (budget.get() > 0) {
        boolean garbage = options.targetMeeting() != null && random.nextInt(10) < 3;
        Attack attack = garbage ? Attack.GARBAGE_MEDIA
            : OWN_MEETING_ATTACKS[random.nextInt(OWN_MEETING_ATTACKS.length)];
        String meeting = garbage ? options.targetMeeting() : ownMeeting;
        RawConnection c = RawConnection.open(http, options.websocket());
        int sent = attacker.play(attack, c, meeting);
        Integer code = c.awaitClose(CLOSE_WAIT);
        if (code == null) {
          c.abort();
          code = 0;
        }
        budget.addAndGet(-sent);
        report.record(attack, sent, code);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A meeting of the generator's own, made through the HTTP API (docs/PROTOCOL.md). */
  private String createMeeting() throws InterruptedException {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(options.server() + "/api/meetings"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 201) {
        throw new IllegalStateException("creating a meeting: HTTP " + r.statusCode());
      }
      JsonNode body = new ObjectMapper().readTree(r.body());
      return body.get("meetingId").asText();
    } catch (IOException e) {
      throw new IllegalStateException("creating a meeting: " + e, e);
    }
  }
}
