package io.conclave.mls.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.CryptoException;
import io.conclave.mls.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link CipherSuite} must do whatever its algorithms (RFC 9420 §5.1): round trips
 * work, tampering is detected with a {@link CryptoException} (or {@code false} from verify),
 * output lengths are the suite's, and key material does not leak through {@code toString}.
 */
class CipherSuiteContractTest {
  private static final byte[] MESSAGE = "the message".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] AAD = "aad".getBytes(StandardCharsets.US_ASCII);

  static List<CipherSuite> suites() {
    return CipherSuites.all();
  }

  @ParameterizedTest
  @MethodSource("suites")
  void signatureRoundTripAndTampering(CipherSuite suite) {
    SignatureKeyPair keys = suite.generateSignatureKeyPair();
    byte[] pub = keys.publicKey();
    byte[] signature = suite.sign(keys.privateKey(), MESSAGE);

    assertThat(suite.signaturePublicKey(keys.privateKey())).isEqualTo(pub);
    assertThat(suite.verify(pub, MESSAGE, signature)).isTrue();
    assertThat(suite.verify(pub, flipLastBit(MESSAGE), signature)).isFalse();
    assertThat(suite.verify(pub, MESSAGE, flipLastBit(signature))).isFalse();
    assertThat(suite.verify(suite.generateSignatureKeyPair().publicKey(), MESSAGE, signature)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("suites")
  void verifyIsFalseForMalformedInput(CipherSuite suite) {
    SignatureKeyPair keys = suite.generateSignatureKeyPair();
    byte[] signature = suite.sign(keys.privateKey(), MESSAGE);
    byte[] pub = keys.publicKey();

    assertThat(suite.verify(new byte[0], MESSAGE, signature)).isFalse();
    assertThat(suite.verify(new byte[pub.length], MESSAGE, signature)).isFalse();
    assertThat(suite.verify(flipLastBit(pub), MESSAGE, signature)).isFalse();
    assertThat(suite.verify(Arrays.copyOf(pub, pub.length - 1), MESSAGE, signature)).isFalse();
    assertThat(suite.verify(pub, MESSAGE, new byte[0])).isFalse();
    assertThat(suite.verify(pub, MESSAGE, new byte[signature.length])).isFalse();
    assertThat(suite.verify(pub, MESSAGE, Arrays.copyOf(signature, signature.length + 1))).isFalse();
  }

  @ParameterizedTest
  @MethodSource("suites")
  void malformedSignaturePrivateKeyIsRejected(CipherSuite suite) {
    int length = suite.generateSignatureKeyPair().privateKey().length();
    assertThatThrownBy(() -> suite.sign(SecretBytes.wrap(new byte[length + 1]), MESSAGE))
        .isInstanceOf(CryptoException.class);
  }

  @ParameterizedTest
  @MethodSource("suites")
  void aeadRoundTripAndTampering(CipherSuite suite) {
    byte[] key = suite.expand(new byte[suite.hashLength()], new byte[0], suite.aeadKeyLength());
    byte[] nonce = new byte[suite.aeadNonceLength()];
    byte[] sealed = suite.seal(key, nonce, AAD, MESSAGE);

    assertThat(sealed).hasSize(MESSAGE.length + Aead.TAG_LENGTH);
    assertThat(suite.open(key, nonce, AAD, sealed)).isEqualTo(MESSAGE);
    assertThatThrownBy(() -> suite.open(key, nonce, AAD, flipLastBit(sealed))).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> suite.open(key, nonce, flipLastBit(AAD), sealed)).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> suite.open(key, flipLastBit(nonce), AAD, sealed)).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> suite.open(flipLastBit(key), nonce, AAD, sealed)).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> suite.open(key, nonce, AAD, new byte[Aead.TAG_LENGTH - 1]))
        .isInstanceOf(CryptoException.class);
  }

  @ParameterizedTest
  @MethodSource("suites")
  void hpkeRoundTripAndWrongKey(CipherSuite suite) {
    HpkeKeyPair keys = suite.generateHpkeKeyPair();
    byte[] info = "info".getBytes(StandardCharsets.US_ASCII);
    HpkeCiphertext ct = suite.hpkeSeal(keys.publicKey(), info, AAD, MESSAGE);

    assertThat(suite.hpkeOpen(keys.privateKey(), ct, info, AAD)).isEqualTo(MESSAGE);
    SecretBytes otherKey = suite.generateHpkeKeyPair().privateKey();
    assertThatThrownBy(() -> suite.hpkeOpen(otherKey, ct, info, AAD)).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> suite.hpkeOpen(keys.privateKey(), ct, flipLastBit(info), AAD))
        .isInstanceOf(CryptoException.class);
    HpkeCiphertext badCiphertext = new HpkeCiphertext(ct.kemOutput(), flipLastBit(ct.ciphertext()));
    assertThatThrownBy(() -> suite.hpkeOpen(keys.privateKey(), badCiphertext, info, AAD))
        .isInstanceOf(CryptoException.class);
    HpkeCiphertext badKemOutput = new HpkeCiphertext(flipLastBit(ct.kemOutput()), ct.ciphertext());
    assertThatThrownBy(() -> suite.hpkeOpen(keys.privateKey(), badKemOutput, info, AAD))
        .isInstanceOf(CryptoException.class);
    HpkeCiphertext shortKemOutput = new HpkeCiphertext(new byte[3], ct.ciphertext());
    assertThatThrownBy(() -> suite.hpkeOpen(keys.privateKey(), shortKemOutput, info, AAD))
        .isInstanceOf(CryptoException.class);
  }

  @ParameterizedTest
  @MethodSource("suites")
  void hpkeRejectsMalformedKeys(CipherSuite suite) {
    HpkeKeyPair keys = suite.generateHpkeKeyPair();
    HpkeCiphertext ct = suite.hpkeSeal(keys.publicKey(), new byte[0], new byte[0], MESSAGE);
    int skLength = keys.privateKey().length();

    assertThatThrownBy(() -> suite.hpkeOpen(SecretBytes.wrap(new byte[skLength - 1]), ct, new byte[0], new byte[0]))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> suite.hpkeSeal(new byte[3], new byte[0], new byte[0], MESSAGE))
        .isInstanceOf(CryptoException.class);
  }

  @ParameterizedTest
  @MethodSource("suites")
  void derivedHpkeKeyPairIsDeterministicAndWorks(CipherSuite suite) {
    byte[] ikm = new byte[suite.hashLength()];
    ikm[0] = 7;
    HpkeKeyPair a = suite.deriveHpkeKeyPair(ikm);
    HpkeKeyPair b = suite.deriveHpkeKeyPair(ikm);

    assertThat(a.publicKey()).isEqualTo(b.publicKey());
    assertThat(a.privateKey().equalsConstantTime(b.privateKey())).isTrue();
    HpkeCiphertext ct = suite.hpkeSeal(a.publicKey(), new byte[0], new byte[0], MESSAGE);
    assertThat(suite.hpkeOpen(b.privateKey(), ct, new byte[0], new byte[0])).isEqualTo(MESSAGE);
  }

  @ParameterizedTest
  @MethodSource("suites")
  void kdfAndMacLengths(CipherSuite suite) {
    int nh = suite.hashLength();
    assertThat(suite.extract(new byte[0], new byte[0])).hasSize(nh);
    assertThat(suite.extract(new byte[0], MESSAGE)).isEqualTo(suite.extract(new byte[nh], MESSAGE));
    byte[] prk = suite.extract(AAD, MESSAGE);
    for (int length : new int[] {1, 16, nh, 3 * nh + 1, 255 * nh}) {
      assertThat(suite.expand(prk, AAD, length)).hasSize(length);
    }
    assertThat(suite.expand(prk, AAD, 5)).isEqualTo(Arrays.copyOf(suite.expand(prk, AAD, nh), 5));
    assertThatThrownBy(() -> suite.expand(prk, AAD, 255 * nh + 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> suite.expand(prk, AAD, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> suite.expand(new byte[nh - 1], AAD, nh)).isInstanceOf(IllegalArgumentException.class);
    assertThat(suite.hash(MESSAGE)).hasSize(nh);
    assertThat(suite.mac(prk, MESSAGE)).hasSize(nh);
    assertThat(suite.mac(new byte[0], MESSAGE)).isEqualTo(suite.mac(new byte[1], MESSAGE));
  }

  @ParameterizedTest
  @MethodSource("suites")
  void keyMaterialDoesNotLeakThroughToString(CipherSuite suite) {
    SignatureKeyPair signing = suite.generateSignatureKeyPair();
    HpkeKeyPair hpke = suite.generateHpkeKeyPair();
    for (SecretBytes secret : List.of(signing.privateKey(), hpke.privateKey())) {
      String hex = Vectors.toHex(secret.copy());
      assertThat(secret.toString()).doesNotContainIgnoringCase(hex);
      assertThat(signing.toString() + hpke.toString() + suite.toString()).doesNotContainIgnoringCase(hex);
    }
  }

  @ParameterizedTest
  @MethodSource("suites")
  void destroyWipesTheKey(CipherSuite suite) {
    byte[] raw = suite.generateSignatureKeyPair().privateKey().copy();
    SecretBytes secret = SecretBytes.wrap(raw);
    secret.destroy();

    assertThat(raw).containsOnly(0);
    assertThat(secret.isDestroyed()).isTrue();
    assertThatThrownBy(secret::copy).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> suite.sign(secret, MESSAGE)).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @MethodSource("suites")
  void concurrentUseGivesTheSameResults(CipherSuite suite) throws Exception {
    byte[] secret = suite.extract(new byte[0], MESSAGE);
    HpkeKeyPair keys = suite.deriveHpkeKeyPair(secret);
    byte[] expected = suite.expandWithLabel(secret, "label", AAD, 100);
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> {
          HpkeCiphertext ct = suite.hpkeSeal(keys.publicKey(), AAD, AAD, MESSAGE);
          return Arrays.equals(suite.expandWithLabel(secret, "label", AAD, 100), expected)
              && Arrays.equals(suite.hpkeOpen(keys.privateKey(), ct, AAD, AAD), MESSAGE)
              && Arrays.equals(suite.deriveHpkeKeyPair(secret).publicKey(), keys.publicKey());
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    }
  }

  private static byte[] flipLastBit(byte[] bytes) {
    byte[] copy = bytes.clone();
    copy[copy.length - 1] ^= 1;
    return copy;
  }
}
