package io.conclave.sframe.media;

/**
 * A decrypted media frame, from {@link MediaFrameCodec#unprotect(byte[])}: its authenticated
 * header, the sender's leaf index and MLS epoch taken from the KID, and the payload.
 */
public record MediaFrame(MediaFrameHeader header, int senderIndex, long epoch, byte[] payload) {}
