package io.conclave.protocol.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.conclave.protocol.Ids;

/**
 * Which MLS leaf (RFC 9420 §7.8, a uint32 leaf index) a participant holds, as reported by the
 * committer that added it. The server uses it only to address its external Remove proposals.
 */
public record RosterEntry(String participant, @JsonProperty(required = true) long leaf) {
  public RosterEntry {
    Ids.require(participant, "participant");
    Fields.requireLeaf(leaf);
  }
}
