package io.conclave.admission;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.framing.ProtocolVersion;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.tree.Capabilities;
import java.util.List;
import java.util.Optional;

/**
 * Conclave's MLS extension types, from the private-use range 0xF000–0xFFFF (RFC 9420 §17.3), and
 * the leaf capabilities every Conclave client advertises so they may appear in its leaf and in the
 * group context (§7.2, §12.1.7).
 */
public final class ConclaveExtensions {
  /** LeafNode extension: the joiner's {@link InviteProof}. */
  public static final int INVITE_PROOF = 0xF1C0;
  /** GroupContext extension: the {@link Hosts} of the meeting. */
  public static final int HOSTS = 0xF1C1;
  /** GroupContext extension: the meeting's {@link InviteKey} (32-byte Ed25519 public key). */
  public static final int INVITE_KEY = 0xF1C2;

  private ConclaveExtensions() {}

  /** The default capabilities of {@code suite} plus the three Conclave extension types. */
  public static Capabilities capabilities(CipherSuite suite) {
    Capabilities defaults = KeyPackageBundle.defaultCapabilities(suite);
    return new Capabilities(List.of(ProtocolVersion.MLS10.code()), defaults.cipherSuites(),
        List.of(INVITE_PROOF, HOSTS, INVITE_KEY), defaults.proposals(), defaults.credentials());
  }

  /** The extension of {@code type} in {@code extensions}, if any. */
  static Optional<Extension> find(List<Extension> extensions, int type) {
    return extensions.stream().filter(e -> e.type() == type).findFirst();
  }
}
