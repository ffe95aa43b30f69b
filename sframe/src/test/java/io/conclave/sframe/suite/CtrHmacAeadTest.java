package io.conclave.sframe.suite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.sframe.SFrameSecret;
import io.conclave.sframe.testing.SFrameVectors;
import io.conclave.sframe.testing.VectorTally;
import org.junit.jupiter.api.Test;

/**
 * RFC 9605 §4.5.1 and the {@code aes_ctr_hmac} vectors (Appendix C.2):
 * {@code AEAD.Encrypt(key, nonce, aad, pt) == ct} and {@code AEAD.Decrypt(key, nonce, aad, ct) == pt}.
 * The vectors' {@code enc_key} / {@code auth_key} are the two halves the AEAD splits the key into;
 * they are checked through the result, which depends on both.
 */
class CtrHmacAeadTest {

  @Test
  void officialVectors() {
    VectorTally tally = new VectorTally("aes_ctr_hmac");
    for (JsonNode v : SFrameVectors.section("aes_ctr_hmac")) {
      CipherSuite suite = CipherSuite.fromId(v.get("cipher_suite").asInt());
      byte[] key = SFrameVectors.hex(v, "key");
      byte[] nonce = SFrameVectors.hex(v, "nonce");
      byte[] aad = SFrameVectors.hex(v, "aad");
      byte[] pt = SFrameVectors.hex(v, "pt");
      byte[] ct = SFrameVectors.hex(v, "ct");
      tally.check("suite " + suite, () -> {
        assertThat(suite.isCtrHmac()).isTrue();
        byte[] encKey = SFrameVectors.hex(v, "enc_key");
        byte[] authKey = SFrameVectors.hex(v, "auth_key");
        assertThat(encKey.length + authKey.length).isEqualTo(key.length);
        FrameAead aead = FrameAead.create(suite, SFrameSecret.copyOf(key));
        byte[] sealed = new byte[pt.length + suite.nt()];
        int n = aead.seal(nonce, aad, 0, aad.length, new byte[0], 0, 0, pt, 0, pt.length, sealed, 0);
        assertThat(n).isEqualTo(ct.length);
        assertThat(sealed).isEqualTo(ct);
        byte[] opened = new byte[pt.length];
        assertThat(aead.open(nonce, aad, 0, aad.length, new byte[0], 0, 0, ct, 0, ct.length, opened, 0))
            .isEqualTo(pt.length);
        assertThat(opened).isEqualTo(pt);
        // The same AAD split between the header and metadata inputs gives the same result.
        byte[] split = new byte[ct.length];
        aead.seal(nonce, aad, 0, 3, aad, 3, aad.length - 3, pt, 0, pt.length, split, 0);
        assertThat(split).isEqualTo(ct);
      });
    }
    tally.finish();
  }
}
