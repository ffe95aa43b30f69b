package io.conclave.client.admission;

import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.tree.Lifetime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The KeyPackage a joiner sends with its join request (RFC 9420 §10): basic credential with the
 * participant's name, Conclave {@linkplain ConclaveExtensions#capabilities capabilities}, and the
 * invite proof as a leaf extension when the joiner holds the invite secret.
 */
public final class JoinKeyPackage {
  /** Long enough for a join to be approved by a host; a KeyPackage is used once anyway. */
  public static final Duration VALIDITY = Duration.ofDays(1);

  private JoinKeyPackage() {}

  public static KeyPackageBundle create(CipherSuite suite, String name, SignatureKeyPair signer, String meetingId,
      Optional<InviteSecret> secret, Instant now) {
    byte[] identity = name.getBytes(StandardCharsets.UTF_8);
    List<Extension> leafExtensions = secret
        .map(s -> List.of(InviteProof.extension(InviteProof.compute(s, meetingId, signer.publicKey(), identity))))
        .orElse(List.of());
    Lifetime lifetime = new Lifetime(now.minus(Duration.ofHours(1)).getEpochSecond(),
        now.plus(VALIDITY).getEpochSecond());
    return KeyPackageBundle.create(suite, new Credential.Basic(identity), signer, lifetime,
        ConclaveExtensions.capabilities(suite), leafExtensions, List.of());
  }
}
