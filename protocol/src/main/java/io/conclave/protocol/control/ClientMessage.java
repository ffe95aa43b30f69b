package io.conclave.protocol.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.conclave.protocol.Ids;
import java.util.List;

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
    @JsonSubTypes.Type(value = ClientMessage.Bye.class, name = "bye")
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
   * epoch-0 GroupInfo. The sender becomes the member at leaf 0.
   */
  record RegisterGroup(byte[] groupInfo) implements ClientMessage {
    public RegisterGroup {
      Fields.requireBytes(groupInfo, "groupInfo");
    }
  }

  /** Asks the members to add the sender: an {@code MLSMessage} holding its KeyPackage. */
  record JoinRequest(byte[] keyPackage) implements ClientMessage {
    public JoinRequest {
      Fields.requireBytes(keyPackage, "keyPackage");
    }
  }

  /**
   * A commit for {@code epoch}, with what it changes. The server accepts the first commit for
   * each epoch only.
   *
   * @param epoch the epoch the commit was made in (the group's current epoch)
   * @param commit {@code MLSMessage}: PublicMessage or PrivateMessage with content type commit
   * @param welcome {@code MLSMessage} holding the Welcome for the added members, or null
   * @param groupInfo {@code MLSMessage} holding the GroupInfo of epoch + 1
   * @param added participants the commit adds, with the leaf each one gets
   * @param removed leaf indices the commit removes
   */
  record Commit(@JsonProperty(required = true) long epoch, byte[] commit, byte[] welcome,
      byte[] groupInfo, List<RosterEntry> added, List<Long> removed) implements ClientMessage {
    public Commit {
      Fields.requireEpoch(epoch);
      Fields.requireBytes(commit, "commit");
      if (welcome != null) {
        Fields.requireBytes(welcome, "welcome");
      }
      Fields.requireBytes(groupInfo, "groupInfo");
      added = added == null ? List.of() : List.copyOf(added);
      removed = removed == null ? List.of() : List.copyOf(removed);
      removed.forEach(Fields::requireLeaf);
      if (welcome != null && added.isEmpty()) {
        throw new IllegalArgumentException("a welcome needs at least one added participant");
      }
    }
  }

  /** A proposal for the current epoch: {@code MLSMessage} with content type proposal. */
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
}
