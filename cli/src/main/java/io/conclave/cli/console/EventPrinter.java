package io.conclave.cli.console;

import io.conclave.client.ChatMessage;
import io.conclave.client.MeetingListener;
import io.conclave.client.Participant;
import io.conclave.admission.Admission;
import io.conclave.client.identity.Fingerprint;
import io.conclave.client.identity.PinStore;
import io.conclave.client.identity.SecurityCode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Prints what a meeting client reports, one event per line (a roster takes one line per member).
 * Called on the client's event thread.
 */
public class EventPrinter implements MeetingListener {
  private final PrintWriter out;
  private final CompletableFuture<String> over = new CompletableFuture<>();

  public EventPrinter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void joined(int leafIndex) {
    print("* joined the meeting as leaf " + leafIndex);
  }

  @Override
  public void epochChanged(long epoch, List<Participant> roster, SecurityCode code) {
    StringBuilder s = new StringBuilder();
    s.append("* epoch ").append(epoch).append(": ").append(roster.size()).append(" member(s), security code ")
        .append(code.digits());
    for (Participant p : roster) {
      s.append(System.lineSeparator()).append("    ").append(describe(p));
    }
    print(s.toString());
  }

  /**
   * {@code [leaf] "name"  fingerprint  (host, you, pin status)}: the name is quoted (quotes and
   * backslashes escaped) so that no name can imitate the tags, e.g. the host badge.
   */
  public static String describe(Participant p) {
    StringBuilder s = new StringBuilder();
    s.append('[').append(p.leafIndex()).append("] ").append(quoted(p.name())).append("  ").append(p.fingerprint());
    List<String> tags = new ArrayList<>();
    if (p.host()) {
      tags.add("host");
    }
    if (p.self()) {
      tags.add("you");
    }
    if (p.unauthorised()) {
      tags.add("UNAUTHORISED");
    }
    tags.add(pinLabel(p.pin()));
    return s.append("  (").append(String.join(", ", tags)).append(')').toString();
  }

  /**
   * What the pin store says of a member's key, in words a person can act on: a key seen before is
   * not a verified one (only {@code /verify LEAF}, after comparing the security code, makes it so).
   */
  static String pinLabel(PinStore.Result pin) {
    return switch (pin) {
      case NEW -> "key new";
      case MATCH -> "key seen before, not verified";
      case VERIFIED -> "key verified";
      case VERIFIED_CHANGED -> "KEY CHANGED since verified";
      case CHANGED -> "KEY CHANGED";
      case RENAMED -> "key known under another name";
    };
  }

  @Override
  public void chat(ChatMessage message) {
    print("<" + message.senderName() + "> " + message.text());
  }

  @Override
  public void unauthorisedMember(Admission admission) {
    print("! WARNING: a member was added without an invite proof or host approval: " + admission);
  }

  @Override
  public void keyChanged(String name, Fingerprint pinned, Fingerprint presented) {
    print("! WARNING: " + name + " has a new key " + presented + " (pinned: " + pinned + ")");
  }

  @Override
  public void verifiedKeyChanged(String name, Fingerprint verified, Fingerprint presented) {
    print("! WARNING: " + quoted(name) + " has a new key " + presented + ", not the one you verified (" + verified
        + "): compare the security code with them again");
  }

  @Override
  public void mediaState(Participant member, boolean muted, boolean cameraOff) {
    print("* " + quoted(member.name()) + (muted ? " is muted" : " is unmuted") + (cameraOff ? ", camera off" : ", camera on"));
  }

  @Override
  public void muteRequested(Participant host) {
    print("! " + quoted(host.name()) + " (host) asks you to mute");
  }

  @Override
  public void recording(Participant member, boolean on) {
    print(on ? "! RECORDING: " + quoted(member.name()) + " is recording the meeting"
        : "* " + quoted(member.name()) + " stopped recording");
  }

  @Override
  public void membersRemoved(Participant by, List<Participant> removed) {
    removed.forEach(p -> print("* " + quoted(by.name()) + " removed " + quoted(p.name())));
  }

  @Override
  public void keyRenamed(Fingerprint key, String pinnedName, String presentedName) {
    print("! NOTE: the key " + key + " known as " + quoted(pinnedName) + " now calls itself " + quoted(presentedName));
  }

  @Override
  public void commitRefused(long epoch, String rule) {
    print("! WARNING: refused a change to the meeting in epoch " + epoch + " (" + rule
        + "): the server or a member broke the admission rules");
  }

  @Override
  public void groupAuthenticated(Optional<Participant> admittedBy) {
    print("* the meeting proved it knows the invite link"
        + admittedBy.map(p -> "; admitted by " + describe(p)).orElse(""));
  }

  @Override
  public void groupNotAuthenticated(String reason) {
    print("! WARNING: left: " + reason);
  }

  @Override
  public void unconfirmedMembers(long epoch, List<Participant> members) {
    if (members.isEmpty()) {
      print("* every member confirmed epoch " + epoch);
    } else {
      print("! WARNING: no confirmation of epoch " + epoch + " from " + members.stream().map(EventPrinter::describe)
          .toList() + ": the server may be showing members different meetings, or they are disconnected");
    }
  }

  @Override
  public void settingsChanged(List<String> changes, Participant by) {
    print("* " + describe(by) + " changed the meeting: " + String.join(", ", changes));
  }

  static String quoted(String name) {
    return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  @Override
  public void removed() {
    print("* removed from the meeting");
    over.complete("removed from the meeting");
  }

  /**
   * Completes, with what happened, once the meeting is over for this client: removed, or the
   * connection closed for good (ended, refused, or closed by this client). A lost connection that
   * is being re-established does not complete it.
   */
  public CompletableFuture<String> over() {
    return over;
  }

  @Override
  public void disconnected(int code, String reason) {
    print("* disconnected: " + code + " " + reason + (code == 4410 ? " (the meeting was ended)" : ""));
    over.complete("disconnected: " + code + " " + reason);
  }

  @Override
  public void reconnecting(int attempt, java.time.Duration delay, int code, String reason) {
    print("* connection lost (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason)
        + "): reconnecting in " + delay.toMillis() + " ms (attempt " + attempt + ")");
  }

  @Override
  public void reconnected(boolean rejoined) {
    print(rejoined ? "* reconnected: the meeting moved on meanwhile, joining again" : "* reconnected");
  }

  @Override
  public void error(String what, Throwable cause) {
    print("! " + what + ": " + cause.getMessage());
  }

  private void print(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
