package io.conclave.cli.load;

import java.net.URI;
import java.util.Objects;

/**
 * What a load run does.
 *
 * @param server the relay's base URI, e.g. {@code http://127.0.0.1:8443}
 * @param targetMeeting a meeting with honest participants to aim {@link Attack#GARBAGE_MEDIA} at,
 *     or null to use the generator's own meetings only
 * @param connections misbehaving connections open at once
 * @param messages stop once this many messages have been sent in all
 * @param seed makes the run repeatable (up to thread scheduling)
 * @param maxMediaFrameBytes the server's media-frame limit, to exceed it by a little
 * @param maxControlBytes the server's control-message limit, likewise
 * @param garbageBurst average frames per {@link Attack#GARBAGE_MEDIA} connection
 * @param garbagePerSecond pace of those frames on one connection
 */
public record LoadOptions(URI server, String targetMeeting, int connections, long messages,
    long seed, int maxMediaFrameBytes, int maxControlBytes, int garbageBurst,
    int garbagePerSecond) {
  /** The server's default limits (docs/PROTOCOL.md, "Limits"). */
  public static final int DEFAULT_MAX_MEDIA = 256 << 10;
  public static final int DEFAULT_MAX_CONTROL = 1 << 20;

  public LoadOptions {
    Objects.requireNonNull(server, "server");
    if (connections < 1 || messages < 1 || garbageBurst < 1 || garbagePerSecond < 1) {
      throw new IllegalArgumentException("connections, messages and garbage pace must be positive");
    }
  }

  /** Defaults for the rest: server limits as shipped, bursts of about 300 frames at 1000/s. */
  public static LoadOptions of(URI server, String targetMeeting, int connections, long messages,
      long seed) {
    return new LoadOptions(server, targetMeeting, connections, messages, seed, DEFAULT_MAX_MEDIA,
        DEFAULT_MAX_CONTROL, 300, 1000);
  }

  URI websocket() {
    String scheme = server.getScheme().equals("https") ? "wss" : "ws";
    return URI.create(scheme + "://" + server.getRawAuthority() + "/ws");
  }
}
