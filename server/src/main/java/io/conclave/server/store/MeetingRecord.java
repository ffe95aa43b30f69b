package io.conclave.server.store;

/**
 * A stored meeting.
 *
 * @param hostTokenHash SHA-256 of the host token; the token itself is never stored
 * @param closedAt null while open
 * @param epoch the group's epoch, -1 before the group is registered
 * @param groupInfo the latest {@code MLSMessage} GroupInfo, null before registration
 */
public record MeetingRecord(String id, byte[] hostTokenHash, long createdAt, Long closedAt, long epoch,
    byte[] groupInfo) {

  public boolean isOpen() {
    return closedAt == null;
  }
}
