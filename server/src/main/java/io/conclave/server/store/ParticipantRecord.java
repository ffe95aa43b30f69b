package io.conclave.server.store;

/**
 * A participant of a meeting: its MLS leaf once a committer reported it, and connection metadata.
 *
 * @param resumeTokenHash SHA-256 of the resume token
 * @param leaf null until the participant is a member
 * @param leftAt null until it left (said bye, or its reconnect grace period ran out)
 */
public record ParticipantRecord(String meetingId, String participantId, byte[] resumeTokenHash, Long leaf,
    long joinedAt, long lastSeenAt, boolean connected, Long leftAt) {}
