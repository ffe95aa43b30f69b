package io.conclave.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.cli.testing.LoopbackServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code create} prints a link and hosts; {@code join} with that link chats from its input. Both
 * print the roster with fingerprints and the same security code for the same epoch.
 */
class ChatCommandsTest {
  private static final Pattern LINK = Pattern.compile("http://\\S+/m/\\S+#\\S+");
  private static final Pattern EPOCH_CODE = Pattern.compile("\\* epoch (\\d+): \\d+ member\\(s\\), security code ([\\d ]+)");

  @TempDir Path dir;

  @Test
  void hostAndGuestChatAndAgreeOnTheSecurityCode() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (LoopbackServer server = LoopbackServer.start(dir);
        PipedOutputStream hostInput = new PipedOutputStream()) {
      StringWriter hostOut = new StringWriter();
      Future<Integer> host = startHost(pool, server, hostInput, hostOut);
      String link = await(hostOut, LINK);

      JoinCommand join = new JoinCommand();
      join.in = new ByteArrayInputStream("hello from bob\n/roster\n/code\n/quit\n".getBytes(StandardCharsets.UTF_8));
      StringWriter bobOut = new StringWriter();
      assertThat(command(join, bobOut).execute(link, "--name", "bob")).as(bobOut.toString()).isZero();
      try {
        await(hostOut, Pattern.compile("<bob> hello from bob"));
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\nbob printed:\n" + bobOut, e);
      }
      type(hostInput, "/quit");
      assertThat(host.get(60, TimeUnit.SECONDS)).as(hostOut.toString()).isZero();

      String bob = bobOut.toString();
      assertThat(bob).contains("* joined the meeting as leaf 1")
          .containsPattern("\\[0] \"alice\"  [\\d ]{35}  \\(host, key new\\)")
          .containsPattern("\\[1] \"bob\"  [\\d ]{35}  \\(you, key seen before, not verified\\)");
      Matcher code = Pattern.compile("\\* security code: ([\\d ]+) \\(epoch (\\d+)\\)").matcher(bob);
      assertThat(code.find()).as(bob).isTrue();
      Matcher hostEpochs = EPOCH_CODE.matcher(hostOut.toString());
      boolean same = false;
      while (hostEpochs.find()) {
        same |= hostEpochs.group(1).equals(code.group(2)) && hostEpochs.group(2).strip().equals(code.group(1));
      }
      assertThat(same).as("host shows bob's code for epoch " + code.group(2) + ":\n" + hostOut).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void whenTheHostEndsTheMeetingBothCommandsReturnWithoutWaitingForInput() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (LoopbackServer server = LoopbackServer.start(dir);
        PipedOutputStream hostInput = new PipedOutputStream();
        PipedOutputStream bobInput = new PipedOutputStream()) {
      StringWriter hostOut = new StringWriter();
      Future<Integer> host = startHost(pool, server, hostInput, hostOut);
      String link = await(hostOut, LINK);
      // Bob's input stays open and silent: a person who typed nothing.
      StringWriter bobOut = new StringWriter();
      Future<Integer> bob = startGuest(pool, link, bobInput, bobOut);
      await(bobOut, Pattern.compile("\\* joined the meeting as leaf 1"));

      type(hostInput, "/end");
      assertThat(bob.get(30, TimeUnit.SECONDS)).as(bobOut.toString()).isZero();
      assertThat(host.get(30, TimeUnit.SECONDS)).as(hostOut.toString()).isZero();
      assertThat(bobOut.toString()).contains("* disconnected: 4410").contains("(the meeting was ended)")
          .contains("* the meeting is over for this client; exiting");
      assertThat(hostOut.toString()).contains("* disconnected: 4410");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRemovedParticipantsJoinReturnsWithoutWaitingForInput() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (LoopbackServer server = LoopbackServer.start(dir);
        PipedOutputStream hostInput = new PipedOutputStream();
        PipedOutputStream bobInput = new PipedOutputStream()) {
      StringWriter hostOut = new StringWriter();
      Future<Integer> host = startHost(pool, server, hostInput, hostOut);
      String link = await(hostOut, LINK);
      StringWriter bobOut = new StringWriter();
      Future<Integer> bob = startGuest(pool, link, bobInput, bobOut);
      await(bobOut, Pattern.compile("\\* joined the meeting as leaf 1"));

      type(hostInput, "/remove 1");
      assertThat(bob.get(30, TimeUnit.SECONDS)).as(bobOut.toString()).isZero();
      assertThat(bobOut.toString()).contains("* removed from the meeting").contains("* the meeting is over for this client; exiting");
      // The host stays until it quits.
      type(hostInput, "/quit");
      assertThat(host.get(30, TimeUnit.SECONDS)).as(hostOut.toString()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void endingTheMeetingNeedsTheHostToken() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (LoopbackServer server = LoopbackServer.start(dir);
        PipedOutputStream hostInput = new PipedOutputStream()) {
      StringWriter hostOut = new StringWriter();
      Future<Integer> host = startHost(pool, server, hostInput, hostOut);
      String link = await(hostOut, LINK);
      JoinCommand join = new JoinCommand();
      join.in = new ByteArrayInputStream("/end\nstill here\n/quit\n".getBytes(StandardCharsets.UTF_8));
      StringWriter bobOut = new StringWriter();
      assertThat(command(join, bobOut).execute(link, "--name", "bob")).as(bobOut.toString()).isZero();
      assertThat(bobOut.toString()).contains("! only the client that created the meeting holds its host token");
      await(hostOut, Pattern.compile("<bob> still here"));
      type(hostInput, "/quit");
      assertThat(host.get(60, TimeUnit.SECONDS)).as(hostOut.toString()).isZero();
      assertThat(hostOut.toString()).doesNotContain("4410");
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code create} as alice, on {@code pool}, reading the lines written to {@code input}. */
  private static Future<Integer> startHost(ExecutorService pool, LoopbackServer server, PipedOutputStream input,
      StringWriter out) throws IOException {
    CreateCommand create = new CreateCommand();
    create.in = new PipedInputStream(input);
    return pool.submit(() -> command(create, out).execute("--server", server.uri().toString(), "--name", "alice"));
  }

  /** {@code join LINK} as bob, on {@code pool}, reading the lines written to {@code input}. */
  private static Future<Integer> startGuest(ExecutorService pool, String link, PipedOutputStream input, StringWriter out)
      throws IOException {
    JoinCommand join = new JoinCommand();
    join.in = new PipedInputStream(input);
    return pool.submit(() -> command(join, out).execute(link, "--name", "bob"));
  }

  /** Types {@code line} and Enter into a command's input. */
  private static void type(PipedOutputStream input, String line) throws IOException {
    input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    input.flush();
  }

  private static CommandLine command(Object command, StringWriter out) {
    return new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true));
  }

  private static String await(StringWriter out, Pattern pattern) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher m = pattern.matcher(out.toString());
      if (m.find()) {
        return m.group();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("never printed " + pattern + ":\n" + out);
  }
}
