package io.conclave.sframe.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.sframe.AuthenticationFailedException;
import io.conclave.sframe.MalformedFrameException;
import io.conclave.sframe.SFrameSecret;
import io.conclave.sframe.UnknownKeyIdException;
import io.conclave.sframe.suite.CipherSuite;
import io.conclave.sframe.suite.KeyDerivation;
import io.conclave.sframe.testing.SFrameVectors;
import io.conclave.sframe.testing.VectorTally;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * RFC 9605 §4.4 and the {@code sframe} vectors (Appendix C.3), suites 1–5: labels,
 * {@code sframe_secret}, {@code sframe_key} and {@code sframe_salt} of {@code derive_key_salt};
 * {@code encrypt(ctr, kid, metadata, pt) == ct}; {@code decrypt(metadata, ct) == pt}.
 */
class KeyContextTest {

  @Test
  void officialVectors() {
    VectorTally tally = new VectorTally("sframe");
    for (JsonNode v : SFrameVectors.section("sframe")) {
      CipherSuite suite = CipherSuite.fromId(v.get("cipher_suite").asInt());
      long kid = SFrameVectors.u64(v, "kid");
      long ctr = SFrameVectors.u64(v, "ctr");
      SFrameSecret baseKey = SFrameSecret.copyOf(SFrameVectors.hex(v, "base_key"));
      byte[] metadata = SFrameVectors.hex(v, "metadata");
      byte[] pt = SFrameVectors.hex(v, "pt");
      byte[] ct = SFrameVectors.hex(v, "ct");
      tally.check("suite " + suite, () -> {
        assertThat(KeyDerivation.keyLabel(kid, suite)).isEqualTo(SFrameVectors.hex(v, "sframe_key_label"));
        assertThat(KeyDerivation.saltLabel(kid, suite)).isEqualTo(SFrameVectors.hex(v, "sframe_salt_label"));
        SFrameSecret secret = KeyDerivation.secret(suite, baseKey);
        assertThat(secret.equalsConstantTime(SFrameVectors.hex(v, "sframe_secret"))).isTrue();
        assertThat(KeyDerivation.key(suite, secret, kid)
            .equalsConstantTime(SFrameVectors.hex(v, "sframe_key"))).isTrue();
        assertThat(KeyDerivation.salt(suite, secret, kid)
            .equalsConstantTime(SFrameVectors.hex(v, "sframe_salt"))).isTrue();

        KeyContext sender = KeyContext.derive(suite, kid, baseKey);
        byte[] out = new byte[pt.length + sender.overhead(ctr)];
        int n = sender.encrypt(ctr, metadata, 0, metadata.length, pt, 0, pt.length, out, 0);
        assertThat(n).isEqualTo(ct.length);
        assertThat(out).isEqualTo(ct);

        KeyContext receiver = KeyContext.derive(suite, kid, baseKey);
        byte[] plain = new byte[pt.length];
        assertThat(receiver.decrypt(metadata, 0, metadata.length, ct, 0, ct.length, plain, 0))
            .isEqualTo(pt.length);
        assertThat(plain).isEqualTo(pt);
      });
    }
    tally.finish();
  }

  @Test
  void everySingleByteChangeFailsAuthentication() {
    for (CipherSuite suite : CipherSuite.values()) {
      SFrameSecret baseKey = SFrameSecret.copyOf(new byte[suite.nk()]);
      KeyContext context = KeyContext.derive(suite, 0x1234, baseKey);
      byte[] metadata = {1, 2, 3, 4, 5, 6, 7, 8};
      byte[] pt = "a media frame".getBytes(StandardCharsets.US_ASCII);
      byte[] frame = new byte[pt.length + context.overhead(77)];
      context.encrypt(77, metadata, 0, metadata.length, pt, 0, pt.length, frame, 0);
      byte[] out = new byte[pt.length];
      for (int i = 0; i < frame.length; i++) {
        byte[] changed = frame.clone();
        changed[i] ^= 0x01;
        int at = i;
        // A change in the KID bytes is caught before the AEAD; every other change by the tag.
        assertThatThrownBy(() -> context.decrypt(metadata, 0, metadata.length, changed, 0, changed.length, out, 0))
            .as("%s, byte %d of the frame", suite, at)
            .isInstanceOfAny(AuthenticationFailedException.class, UnknownKeyIdException.class,
                MalformedFrameException.class);
      }
      for (int i = 0; i < metadata.length; i++) {
        byte[] changed = metadata.clone();
        changed[i] ^= (byte) 0x80;
        assertThatThrownBy(() -> context.decrypt(changed, 0, changed.length, frame, 0, frame.length, out, 0))
            .isInstanceOf(AuthenticationFailedException.class);
      }
      assertThat(out).containsOnly(0);
    }
  }
}
