package io.conclave.server.store;

/**
 * A participant of a meeting: its MLS leaf once a committer reported it, and connection metadata.
 *
 * @param resumeTokenHash SHA-256 of the resume token
 * @param leaf null until the participant is a member
 * @param leftAt null until it left (said bye, or its reconnect grace period ran out)
 * @param admitted whether its leaf was added by a valid invite proof or a host's commit, or it
 *     created the group (docs/PROTOCOL.md, "Commits"); only hosts remove admitted members by value
 */
public record ParticipantRecord(String meetingId, String participantId, byte[] resumeTokenHash, Long leaf,
    long joinedAt, long lastSeenAt, boolean connected, Long leftAt, boolean admitted) {}
