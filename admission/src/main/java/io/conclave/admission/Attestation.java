package io.conclave.admission;

import io.conclave.mls.codec.TlsWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The admission attestation (docs/PROTOCOL.md, "Joining" step 5, application message type 3): a
 * MAC with a key derived from the invite secret over the group id, epoch and epoch authenticator
 * of the joiners' first epoch. It proves to a link joiner that the group it was welcomed into is
 * run by someone holding its link's secret, not by a relay impersonating the meeting.
 *
 * <pre>
 * attestation_key = HKDF-Expand(HKDF-Extract(salt = "conclave group proof v2", IKM = invite_secret),
 *                               info = meeting_id, L = 32)
 * struct { opaque label&lt;V&gt; = "conclave group proof v2"; opaque group_id&lt;V&gt;; uint64 epoch;
 *          opaque epoch_authenticator&lt;V&gt;; } AttestationInput;
 * mac = HMAC-SHA256(attestation_key, AttestationInput)
 * </pre>
 */
public final class Attestation {
  public static final int LENGTH = 32;
  private static final String LABEL = "conclave group proof v2";
  private static final byte[] SALT = LABEL.getBytes(StandardCharsets.US_ASCII);

  private Attestation() {}

  public static byte[] compute(InviteSecret secret, String meetingId, byte[] groupId, long epoch,
      byte[] epochAuthenticator) {
    byte[] key = InviteKey.derive(secret, SALT, meetingId);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(new TlsWriter().writeOpaque(LABEL.getBytes(StandardCharsets.US_ASCII)).writeOpaque(groupId)
          .writeUint64(epoch).writeOpaque(epochAuthenticator).toByteArray());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Constant-time check of {@code mac}. */
  public static boolean verify(InviteSecret secret, String meetingId, byte[] groupId, long epoch,
      byte[] epochAuthenticator, byte[] mac) {
    return mac.length == LENGTH
        && MessageDigest.isEqual(compute(secret, meetingId, groupId, epoch, epochAuthenticator), mac);
  }
}
