package io.conclave.cli.console;

import io.conclave.client.ChatMessage;
import io.conclave.client.MeetingListener;
import io.conclave.client.Participant;
import io.conclave.client.admission.Admission;
import io.conclave.client.identity.Fingerprint;
import io.conclave.client.identity.SecurityCode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints what a meeting client reports, one event per line (a roster takes one line per member).
 * Called on the client's event thread.
 */
public class EventPrinter implements MeetingListener {
  private final PrintWriter out;

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

  /** {@code [leaf] name  fingerprint  (host, you, pin status)}. */
  public static String describe(Participant p) {
    StringBuilder s = new StringBuilder();
    s.append('[').append(p.leafIndex()).append("] ").append(p.name()).append("  ").append(p.fingerprint());
    List<String> tags = new ArrayList<>();
    if (p.host()) {
      tags.add("host");
    }
    if (p.self()) {
      tags.add("you");
    }
    tags.add("key " + p.pin().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    return s.append("  (").append(String.join(", ", tags)).append(')').toString();
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
  public void removed() {
    print("* removed from the meeting");
  }

  @Override
  public void disconnected(int code, String reason) {
    print("* disconnected: " + code + " " + reason);
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
