package io.conclave.admission;

import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.tree.LeafNodeSource;
import io.conclave.mls.tree.Lifetime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The KeyPackage a joiner sends with its join request (RFC 9420 §10): basic credential with the
 * participant's name, Conclave {@linkplain ConclaveExtensions#capabilities capabilities}, and the
 * invite proof (bound to this KeyPackage's init key) as a leaf extension when the joiner holds the
 * invite secret. Short-lived (docs/PROTOCOL.md, "Joining"): valid from {@link #SKEW} before its
 * creation to {@link #VALIDITY} after, so a captured join request is soon useless.
 */
public final class JoinKeyPackage {
  /** Long enough for a host to approve a joiner; a fresh KeyPackage is made for every join. */
  public static final Duration VALIDITY = Duration.ofHours(1);
  /** Tolerated clock difference between joiner and members. */
  public static final Duration SKEW = Duration.ofMinutes(5);

  private JoinKeyPackage() {}

  public static KeyPackageBundle create(CipherSuite suite, String name, SignatureKeyPair signer, String meetingId,
      Optional<InviteSecret> secret, Instant now) {
    byte[] identity = name.getBytes(StandardCharsets.UTF_8);
    Lifetime lifetime = new Lifetime(now.minus(SKEW).getEpochSecond(), now.plus(VALIDITY).getEpochSecond());
    return KeyPackageBundle.create(suite, new Credential.Basic(identity), signer, lifetime,
        ConclaveExtensions.capabilities(suite),
        initKey -> secret.<List<Extension>>map(s -> List.of(InviteProof.extension(
            InviteProof.compute(s, meetingId, signer.publicKey(), identity, initKey)))).orElse(List.of()),
        List.of());
  }

  /**
   * Whether a member may commit {@code keyPackage} now (docs/PROTOCOL.md, "Joining" step 2): its
   * lifetime, widened by {@link #SKEW} on both ends, contains {@code now}, and it is not longer
   * than {@link #VALIDITY} plus {@link #SKEW}.
   */
  public static boolean currentlyValid(KeyPackage keyPackage, Instant now) {
    if (!(keyPackage.leafNode().source() instanceof LeafNodeSource.FromKeyPackage kp)) {
      return false;
    }
    long t = now.getEpochSecond();
    long notBefore = kp.lifetime().notBefore();
    long notAfter = kp.lifetime().notAfter();
    return notAfter - notBefore <= VALIDITY.plus(SKEW).plus(SKEW).getSeconds()
        && t + SKEW.getSeconds() >= notBefore && t - SKEW.getSeconds() <= notAfter;
  }
}
