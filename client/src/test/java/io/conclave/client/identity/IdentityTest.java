package io.conclave.client.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Device key files, pins, fingerprints and security codes. */
class IdentityTest {
  private final CipherSuite suite = CipherSuites.get(1);

  @Test
  void deviceKeyPersistsOwnerOnlyAndIsRefusedWhenOthersCanRead(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("keys/device.key");
    DeviceIdentity first = DeviceIdentity.loadOrCreate(file, "ana", suite);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    DeviceIdentity again = DeviceIdentity.loadOrCreate(file, "ana", suite);
    assertThat(again.keys().publicKey()).isEqualTo(first.keys().publicKey());
    assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
    assertThat(first.toString()).doesNotContain(Base64.getEncoder().encodeToString(first.keys().privateKey().copy()));

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> DeviceIdentity.loadOrCreate(file, "ana", suite)).isInstanceOf(IOException.class)
        .hasMessageContaining("accessible to others");
  }

  @Test
  void pinsFirstKeyAndReportsAChangedOneAcrossRestarts(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("pins");
    byte[] k1 = suite.generateSignatureKeyPair().publicKey();
    byte[] k2 = suite.generateSignatureKeyPair().publicKey();
    PinStore pins = PinStore.open(file);
    assertThat(pins.check("bob \n name", k1)).isEqualTo(PinStore.Result.NEW);
    assertThat(pins.check("bob \n name", k1)).isEqualTo(PinStore.Result.MATCH);
    PinStore reopened = PinStore.open(file);
    assertThat(reopened.check("bob \n name", k2)).isEqualTo(PinStore.Result.CHANGED);
    assertThat(reopened.pinned("bob \n name")).contains(Fingerprint.of(k1));
    // Pins are keyed by the key: the known key under a new name is reported, the new key is now
    // pinned (the warning about it is given once), and a third name for it is a rename too.
    assertThat(reopened.check("mallory", k1)).isEqualTo(PinStore.Result.RENAMED);
    assertThat(reopened.check("bob \n name", k2)).isEqualTo(PinStore.Result.MATCH);
    assertThat(reopened.nameOf(k1)).contains("bob \n name");
    assertThat(PinStore.open(file).check("mallory", k2)).isEqualTo(PinStore.Result.RENAMED);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void aKeyIsVerifiedOnlyWhenMarkedAndAVerifiedKeyChangingIsReported(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("pins");
    byte[] k1 = suite.generateSignatureKeyPair().publicKey();
    byte[] k2 = suite.generateSignatureKeyPair().publicKey();
    PinStore pins = PinStore.open(file);
    assertThat(pins.check("ana", k1)).isEqualTo(PinStore.Result.NEW);
    // Seen again is not verified.
    assertThat(pins.check("ana", k1)).isEqualTo(PinStore.Result.MATCH);
    pins.markVerified("ana", k1, true);
    assertThat(pins.check("ana", k1)).isEqualTo(PinStore.Result.VERIFIED);
    // The mark is kept across restarts, per key.
    PinStore reopened = PinStore.open(file);
    assertThat(reopened.check("ana", k1)).isEqualTo(PinStore.Result.VERIFIED);
    assertThat(reopened.check("ana", k2)).isEqualTo(PinStore.Result.VERIFIED_CHANGED);
    assertThat(reopened.verified("ana")).contains(Fingerprint.of(k1));
    assertThat(reopened.check("ana", k2)).isEqualTo(PinStore.Result.MATCH);
    reopened.markVerified("ana", k1, false);
    assertThat(PinStore.open(file).check("ana", k1)).isEqualTo(PinStore.Result.MATCH);
  }

  @Test
  void codesAreFourGroupsOfFiveDigitsAndDifferForDifferentAuthenticators() {
    Random random = new Random(7);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      byte[] authenticator = new byte[32];
      random.nextBytes(authenticator);
      SecurityCode code = SecurityCode.of(i, authenticator);
      assertThat(code.digits()).matches("\\d{5} \\d{5} \\d{5} \\d{5}");
      assertThat(SecurityCode.of(i, authenticator.clone())).isEqualTo(code);
      seen.add(code.digits());
      byte[] key = new byte[32];
      random.nextBytes(key);
      Fingerprint fp = Fingerprint.of(key);
      assertThat(Fingerprint.parse(fp.toString())).isEqualTo(fp);
    }
    assertThat(seen).hasSize(500);
  }
}
