package io.conclave.protocol.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.conclave.protocol.Ids;

/**
 * Control messages a client sends to the server (docs/PROTOCOL.md, "Client messages"). Byte
 * fields carry one TLS-encoded {@code MLSMessage} (RFC 9420 §6) as standard base64.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClientMessage.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = ClientMessage.RegisterGroup.class, name = "register_group"),
    @JsonSubTypes.Type(value = ClientMessage.JoinRequest.class, name = "join_request"),
    @JsonSubTypes.Type(value = ClientMessage.Commit.class, name = "commit"),
    @JsonSubTypes.Type(value = ClientMessage.Proposal.class, name = "proposal"),
    @JsonSubTypes.Type(value = ClientMessage.Application.class, name = "application"),
    @JsonSubTypes.Type(value = ClientMessage.KeyframeRequest.class, name = "keyframe_request"),
    @JsonSubTypes.Type(value = ClientMessage.Bye.class, name = "bye"),
    @JsonSubTypes.Type(value = ClientMessage.EndMeeting.class, name = "end_meeting"),
    @JsonSubTypes.Type(value = ClientMessage.RefuseJoin.class, name = "refuse_join")
})
public sealed interface ClientMessage {

  /**
   * The first message on a connection: enter {@code meeting}, as a new participant or, with
   * {@code resume}, as the participant that token was issued to.
   *
   * @param resume a resume token from an earlier {@link ServerMessage.Ready}, or null
   */
  record Hello(String meeting, String resume) implements ClientMessage {
    public Hello {
      Ids.require(meeting, "meeting");
      if (resume != null) {
        Ids.require(resume, "resume");
      }
    }
  }

  /**
   * The creator registers the MLS group of the meeting: an {@code MLSMessage} holding the
   * epoch-0 GroupInfo (with {@code ratchet_tree}, without {@code external_pub}), and the host
   * token {@code POST /api/meetings} returned. The sender becomes the member at leaf 0.
   *
   * @param hostToken required by the server, which closes a registration without it, or with
   *     another token, as {@link CloseCode#NOT_AUTHORISED}; null only when decoding such a message
   */
  record RegisterGroup(byte[] groupInfo, String hostToken) implements ClientMessage {
    public RegisterGroup {
      Fields.requireBytes(groupInfo, "groupInfo");
      if (hostToken != null) {
        Ids.require(hostToken, "hostToken");
      }
    }
  }

  /** Asks the members to add the sender: an {@code MLSMessage} holding its KeyPackage. */
  record JoinRequest(byte[] keyPackage) implements ClientMessage {
    public JoinRequest {
      Fields.requireBytes(keyPackage, "keyPackage");
    }
  }

  /**
   * A commit for {@code epoch}. The server verifies it against its public view of the group and
   * learns from the commit itself whom it adds and removes; it accepts the first valid commit for
   * each epoch only.
   *
   * @param epoch the epoch the commit was made in (the group's current epoch)
   * @param commit {@code MLSMessage}: PublicMessage with content type commit, sent by the member
   * @param welcome {@code MLSMessage} holding the Welcome for the added members, or null if the
   *     commit adds no one
   * @param groupInfo {@code MLSMessage} holding the GroupInfo of epoch + 1, signed by the committer,
   *     with {@code ratchet_tree} and without {@code external_pub}
   */
  record Commit(@JsonProperty(required = true) long epoch, byte[] commit, byte[] welcome,
      byte[] groupInfo) implements ClientMessage {
    public Commit {
      Fields.requireEpoch(epoch);
      Fields.requireBytes(commit, "commit");
      if (welcome != null) {
        Fields.requireBytes(welcome, "welcome");
      }
      Fields.requireBytes(groupInfo, "groupInfo");
    }
  }

  /**
   * A proposal: still decodable so that the server can answer it, but only the relay proposes
   * (its Remove proposals); a client sending one is closed with {@link CloseCode#OUT_OF_ORDER}.
   */
  record Proposal(byte[] proposal) implements ClientMessage {
    public Proposal {
      Fields.requireBytes(proposal, "proposal");
    }
  }

  /** An application (chat) message: {@code MLSMessage} holding a PrivateMessage. */
  record Application(byte[] message) implements ClientMessage {
    public Application {
      Fields.requireBytes(message, "message");
    }
  }

  /**
   * The sender cannot decode the video of the member at {@code leaf} on {@code track} (a
   * media-frame track code): the server asks that member for a keyframe.
   */
  record KeyframeRequest(@JsonProperty(required = true) long leaf, @JsonProperty(required = true) int track)
      implements ClientMessage {
    public KeyframeRequest {
      Fields.requireLeaf(leaf);
      Fields.requireTrack(track);
    }
  }

  /** The participant leaves for good: the server proposes its removal at once. */
  record Bye() implements ClientMessage {}

  /**
   * A host ends the meeting for everyone: with the meeting's host token, the server closes every
   * connection of the meeting with {@link CloseCode#MEETING_CLOSED} and closes the meeting; with
   * another token it closes the sender with {@link CloseCode#NOT_AUTHORISED}.
   */
  record EndMeeting(String hostToken) implements ClientMessage {
    public EndMeeting {
      Ids.require(hostToken, "hostToken");
    }
  }

  /**
   * A member tells the participant {@code to}, which asked to join and holds no leaf, why it is not
   * added: {@code denied} or {@code invalid_invite} (see {@link ServerMessage.JoinRefused}).
   */
  record RefuseJoin(String to, String reason) implements ClientMessage {
    /** The reasons a refusal may give. */
    public static final java.util.Set<String> REASONS = java.util.Set.of("denied", "invalid_invite");

    public RefuseJoin {
      Ids.require(to, "to");
      requireReason(reason);
    }

    static void requireReason(String reason) {
      if (reason == null || !REASONS.contains(reason)) {
        throw new IllegalArgumentException("reason must be one of " + REASONS);
      }
    }
  }
}
