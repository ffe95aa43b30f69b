package io.conclave.protocol.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.conclave.protocol.Ids;

/**
 * Control messages the server sends to a client (docs/PROTOCOL.md, "Server messages"). A
 * {@code from} names the participant that sent what is forwarded, or {@link Ids#SERVER} for the
 * server's own external proposals.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServerMessage.Ready.class, name = "ready"),
    @JsonSubTypes.Type(value = ServerMessage.Registered.class, name = "registered"),
    @JsonSubTypes.Type(value = ServerMessage.JoinRequest.class, name = "join_request"),
    @JsonSubTypes.Type(value = ServerMessage.Commit.class, name = "commit"),
    @JsonSubTypes.Type(value = ServerMessage.CommitAccepted.class, name = "commit_accepted"),
    @JsonSubTypes.Type(value = ServerMessage.CommitRejected.class, name = "commit_rejected"),
    @JsonSubTypes.Type(value = ServerMessage.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = ServerMessage.Proposal.class, name = "proposal"),
    @JsonSubTypes.Type(value = ServerMessage.Application.class, name = "application"),
    @JsonSubTypes.Type(value = ServerMessage.KeyframeRequest.class, name = "keyframe_request"),
    @JsonSubTypes.Type(value = ServerMessage.JoinRefused.class, name = "join_refused"),
    @JsonSubTypes.Type(value = ServerMessage.JoinRequestWithdrawn.class, name = "join_request_withdrawn")
})
public sealed interface ServerMessage {

  /**
   * The answer to {@link ClientMessage.Hello}.
   *
   * @param participant this connection's participant id in the meeting
   * @param resume the token that resumes this participant after a disconnect
   * @param epoch the group's current epoch, or -1 while no group is registered
   * @param leaf this participant's leaf as the server knows it, or null if not a member
   */
  record Ready(String participant, String resume, @JsonProperty(required = true) long epoch, Long leaf)
      implements ServerMessage {
    public Ready {
      Ids.require(participant, "participant");
      Ids.require(resume, "resume");
      if (epoch < -1) {
        throw new IllegalArgumentException("epoch must be -1 or more");
      }
      if (leaf != null) {
        Fields.requireLeaf(leaf);
      }
    }
  }

  /** The group registration was accepted; the group is at epoch 0. */
  record Registered() implements ServerMessage {}

  /** A participant asks to be added: its {@code MLSMessage} KeyPackage, forwarded to members. */
  record JoinRequest(String from, byte[] keyPackage) implements ServerMessage {
    public JoinRequest {
      Ids.require(from, "from");
      Fields.requireBytes(keyPackage, "keyPackage");
    }
  }

  /** The accepted commit for {@code epoch}, forwarded to every member but its sender. */
  record Commit(String from, @JsonProperty(required = true) long epoch, byte[] commit)
      implements ServerMessage {
    public Commit {
      Ids.require(from, "from");
      Fields.requireEpoch(epoch);
      Fields.requireBytes(commit, "commit");
    }
  }

  /** The sender's commit won: the group is now at {@code epoch}. */
  record CommitAccepted(@JsonProperty(required = true) long epoch) implements ServerMessage {
    public CommitAccepted {
      Fields.requireEpoch(epoch);
    }
  }

  /**
   * The sender's commit for {@code epoch} lost or was invalid; the group is at {@code currentEpoch}.
   *
   * @param reason one of the reason codes of docs/PROTOCOL.md
   */
  record CommitRejected(@JsonProperty(required = true) long epoch,
      @JsonProperty(required = true) long currentEpoch, String reason) implements ServerMessage {
    public CommitRejected {
      if (reason == null || reason.isEmpty()) {
        throw new IllegalArgumentException("reason is required");
      }
    }
  }

  /** The {@code MLSMessage} Welcome that adds this participant; the group is at {@code epoch}. */
  record Welcome(@JsonProperty(required = true) long epoch, byte[] welcome) implements ServerMessage {
    public Welcome {
      Fields.requireEpoch(epoch);
      Fields.requireBytes(welcome, "welcome");
    }
  }

  /** A proposal for {@code epoch}, from a participant or the server (external sender). */
  record Proposal(String from, @JsonProperty(required = true) long epoch, byte[] proposal)
      implements ServerMessage {
    public Proposal {
      Ids.require(from, "from");
      Fields.requireEpoch(epoch);
      Fields.requireBytes(proposal, "proposal");
    }
  }

  /** An application (chat) message, forwarded to every member but its sender. */
  record Application(String from, byte[] message) implements ServerMessage {
    public Application {
      Ids.require(from, "from");
      Fields.requireBytes(message, "message");
    }
  }

  /**
   * A receiver had to skip this participant's video on {@code track} (the media-frame track
   * code): send a keyframe on it soon.
   */
  record KeyframeRequest(@JsonProperty(required = true) int track) implements ServerMessage {
    public KeyframeRequest {
      Fields.requireTrack(track);
    }
  }

  /**
   * A member answered this participant's join request without adding it: {@code reason} is
   * {@code denied} (a host refused it) or {@code invalid_invite} (its invite proof does not verify
   * against the meeting's current invite key: a wrong or replaced link; a host may still admit it).
   * Only members can send it; the relay passes it on, so a client treats it as a hint, never as
   * proof.
   */
  record JoinRefused(String reason) implements ServerMessage {
    public JoinRefused {
      ClientMessage.RefuseJoin.requireReason(reason);
    }
  }

  /**
   * The participant {@code from}, whose join request members were sent, is gone for good without
   * having been added (it said bye, its lobby seat timed out, or it did not come back in time):
   * members drop its request from their waiting lists. A hint from the relay, like the request
   * itself (docs/PROTOCOL.md "Waiting room"). Adding it anyway is harmless: the relay proposes the
   * removal of a leaf nobody holds at once.
   */
  record JoinRequestWithdrawn(String from) implements ServerMessage {
    public JoinRequestWithdrawn {
      Ids.require(from, "from");
    }
  }
}
