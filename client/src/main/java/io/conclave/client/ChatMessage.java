package io.conclave.client;

/**
 * A chat message received as an MLS application message (RFC 9420 §6.3).
 *
 * @param senderLeaf the sender's leaf, authenticated by MLS
 * @param senderName the name in the sender's credential
 * @param epoch the epoch it was sent in
 */
public record ChatMessage(int senderLeaf, String senderName, long epoch, String text) {}
