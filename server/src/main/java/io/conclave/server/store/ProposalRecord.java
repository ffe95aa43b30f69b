package io.conclave.server.store;

/**
 * A pending proposal of an epoch.
 *
 * @param sender a participant id, or {@code server} for the server's external proposals
 * @param message the {@code MLSMessage}
 */
public record ProposalRecord(String meetingId, long epoch, int seq, String sender, byte[] message) {}
