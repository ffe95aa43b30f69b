package io.conclave.mls.crypto;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.CryptoException;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A NIST-curve private key is a scalar in [1, n-1] (RFC 9180 §7.1.2, SEC 1): zero and values of
 * at least the group order are malformed keys, not keys to be reduced silently.
 */
class EcPrivateKeyRangeTest {

  @ParameterizedTest
  @ValueSource(ints = {2, 5, 7})
  void outOfRangeScalarsAreRejected(int suiteId) {
    CipherSuite suite = CipherSuites.get(suiteId);
    int length = suite.generateSignatureKeyPair().privateKey().length();
    byte[] allOnes = new byte[length];
    Arrays.fill(allOnes, (byte) 0xff);
    HpkeKeyPair hpke = suite.generateHpkeKeyPair();
    HpkeCiphertext ct = suite.hpkeSeal(hpke.publicKey(), new byte[0], new byte[0], new byte[] {1});

    for (byte[] scalar : new byte[][] {new byte[length], allOnes}) {
      SecretBytes key = SecretBytes.copyOf(scalar);
      assertThatThrownBy(() -> suite.sign(key, new byte[] {1})).isInstanceOf(CryptoException.class);
      assertThatThrownBy(() -> suite.signaturePublicKey(key)).isInstanceOf(CryptoException.class);
      assertThatThrownBy(() -> suite.hpkeOpen(key, ct, new byte[0], new byte[0])).isInstanceOf(CryptoException.class);
    }
  }
}
