package io.conclave.client;

import io.conclave.client.identity.Fingerprint;
import io.conclave.client.identity.PinStore;

/**
 * One member of the meeting as this client's roster shows it.
 *
 * @param leafIndex its MLS leaf (RFC 9420 §7.8): also the SFrame sender index of its media
 * @param name the identity in its basic credential
 * @param fingerprint of its signature key, for comparison out of band
 * @param pin how its key compares with the one pinned for its name
 * @param host whether it is one of the meeting's hosts
 * @param self whether it is this client
 * @param unauthorised whether it entered without a valid invite proof or a host's approval: it is
 *     shown as such until a member removes it (docs/PROTOCOL.md, "Admission decisions")
 */
public record Participant(int leafIndex, String name, Fingerprint fingerprint, PinStore.Result pin, boolean host,
    boolean self, boolean unauthorised) {}
