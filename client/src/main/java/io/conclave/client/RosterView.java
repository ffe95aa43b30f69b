package io.conclave.client;

import io.conclave.admission.AdmissionCheck;
import io.conclave.admission.Hosts;
import io.conclave.client.identity.Fingerprint;
import io.conclave.client.identity.PinStore;
import io.conclave.client.identity.SecurityCode;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.Member;
import io.conclave.mls.tree.LeafNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The roster and security code of the current epoch, published for any thread to read; pins each
 * member's key on first sight and warns once per (name, key) that does not match its pin.
 */
final class RosterView {
  private final PinStore pins;
  private final MeetingListener listener;
  private final Set<String> warned = new HashSet<>();
  private volatile List<Participant> roster = List.of();
  private volatile Optional<SecurityCode> code = Optional.empty();
  private volatile long epoch = -1;

  RosterView(PinStore pins, MeetingListener listener) {
    this.pins = pins;
    this.listener = listener;
  }

  /**
   * Called on the event thread after every epoch change.
   *
   * @param unauthorised leaf to signature key of the members admitted without a valid basis
   */
  void update(Group group, byte[] ownKey, SecurityCode newCode, Map<Integer, byte[]> unauthorised) {
    Optional<Hosts> hosts;
    try {
      hosts = Hosts.from(group.groupContextExtensions());
    } catch (RuntimeException e) {
      hosts = Optional.empty();
    }
    Map<Integer, LeafNode> leaves = AdmissionCheck.leaves(group.ratchetTree());
    List<Participant> out = new ArrayList<>();
    for (Member m : group.roster()) {
      LeafNode leaf = leaves.get(m.leafIndex().value());
      byte[] id = AdmissionCheck.identityOf(leaf);
      String name = id == null ? "(certificate)" : displayName(new String(id, StandardCharsets.UTF_8));
      byte[] key = m.signatureKey();
      boolean self = MessageDigest.isEqual(key, ownKey);
      PinStore.Result pin = self ? PinStore.Result.MATCH : pins.check(name, key);
      Fingerprint fp = Fingerprint.of(key);
      if (pin == PinStore.Result.VERIFIED_CHANGED && warned.add(name + " " + fp)) {
        listener.verifiedKeyChanged(name, pins.verified(name).orElseThrow(), fp);
      } else if (pin == PinStore.Result.CHANGED && warned.add(name + " " + fp)) {
        listener.keyChanged(name, pins.pinned(name).orElseThrow(), fp);
      } else if (pin == PinStore.Result.RENAMED && warned.add(name + " " + fp)) {
        listener.keyRenamed(fp, pins.nameOf(key).orElseThrow(), name);
      }
      byte[] flaggedKey = unauthorised.get(m.leafIndex().value());
      boolean isHost = hosts.map(h -> h.isHost(key)).orElse(false);
      out.add(new Participant(m.leafIndex().value(), name, fp, pin, isHost, self,
          flaggedKey != null && MessageDigest.isEqual(flaggedKey, key)));
    }
    roster = List.copyOf(out);
    code = Optional.of(newCode);
    epoch = group.epoch();
    listener.epochChanged(epoch, roster, newCode);
  }

  /**
   * A name as shown: control characters, bidi overrides and isolates (which could reorder what
   * follows) and other format characters are removed, so a name can neither spoof the layout nor
   * imitate the host badge by reordering; the host badge is a separate {@link Participant#host()} field.
   */
  static String displayName(String name) {
    StringBuilder out = new StringBuilder(name.length());
    name.codePoints().forEach(c -> {
      int type = Character.getType(c);
      if (type != Character.CONTROL && type != Character.FORMAT && type != Character.LINE_SEPARATOR
          && type != Character.PARAGRAPH_SEPARATOR) {
        out.appendCodePoint(c);
      }
    });
    return out.toString().strip();
  }

  List<Participant> roster() {
    return roster;
  }

  Optional<SecurityCode> securityCode() {
    return code;
  }

  long epoch() {
    return epoch;
  }

  Optional<Participant> participant(int leaf) {
    return roster.stream().filter(p -> p.leafIndex() == leaf).findFirst();
  }

  String nameOf(int leaf) {
    return roster.stream().filter(p -> p.leafIndex() == leaf).map(Participant::name).findFirst().orElse("?");
  }
}
