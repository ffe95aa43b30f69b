package io.conclave.mls.schedule;

import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.messages.PreSharedKeyId;
import java.util.List;
import java.util.Objects;

/**
 * {@code psk_secret} (RFC 9420 §8.4): the pre-shared keys of a Commit or Welcome, in their listed
 * order, chained into one secret:
 *
 * <pre>
 * psk_extracted_[i] = KDF.Extract(0, psk_[i])
 * psk_input_[i]     = ExpandWithLabel(psk_extracted_[i], "derived psk", PSKLabel, KDF.Nh)
 * psk_secret_[0]    = 0
 * psk_secret_[i]    = KDF.Extract(psk_input_[i-1], psk_secret_[i-1])
 * </pre>
 *
 * where {@code PSKLabel = struct { PreSharedKeyID id; uint16 index; uint16 count; }}. Binding
 * each PSK's id, position and the total count means reordering or dropping PSKs changes the secret.
 */
public final class PskSecret {
  private PskSecret() {}

  /** One PSK to inject: its identifier and its value (an external PSK or a resumption_psk). */
  public static final class Input {
    private final PreSharedKeyId id;
    private final SecretBytes psk;

    public Input(PreSharedKeyId id, SecretBytes psk) {
      this.id = Objects.requireNonNull(id, "id");
      this.psk = Objects.requireNonNull(psk, "psk");
    }

    public PreSharedKeyId id() {
      return id;
    }

    @Override
    public String toString() {
      return "PskSecret.Input[" + id + "]";
    }
  }

  /** The all-zero {@code psk_secret} of an epoch that injects no PSK. */
  public static SecretBytes none(CipherSuite suite) {
    return SecretBytes.wrap(new byte[suite.hashLength()]);
  }

  /** {@code psk_secret} for {@code psks}, in order; does not destroy the PSK values. */
  public static SecretBytes derive(CipherSuite suite, List<Input> psks) {
    int count = psks.size();
    if (count > 0xffff) {
      throw new IllegalArgumentException("at most 65535 PSKs fit a PSKLabel");
    }
    byte[] zero = new byte[suite.hashLength()];
    SecretBytes secret = none(suite);
    for (int index = 0; index < count; index++) {
      Input input = psks.get(index);
      byte[] label = new TlsWriter().write(input.id).writeUint16(index).writeUint16(count).toByteArray();
      SecretBytes extracted = SecretBytes.wrap(suite.extract(zero, input.psk.unsafeView()));
      SecretBytes pskInput = SecretBytes.wrap(
          suite.expandWithLabel(extracted.unsafeView(), "derived psk", label, suite.hashLength()));
      SecretBytes next = SecretBytes.wrap(suite.extract(pskInput.unsafeView(), secret.unsafeView()));
      extracted.destroy();
      pskInput.destroy();
      secret.destroy();
      secret = next;
    }
    return secret;
  }
}
