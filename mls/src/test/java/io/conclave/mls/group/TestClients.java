package io.conclave.mls.group;

import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.keypackage.KeyPackageBundle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/** Helpers for group tests: clients with basic credentials and a clock the test moves. */
final class TestClients {
  private TestClients() {}

  /** A clock that stands still until the test advances it. */
  static final class MutableClock implements InstantSource {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  static Credential credential(String name) {
    return new Credential.Basic(name.getBytes(StandardCharsets.UTF_8));
  }

  static KeyPackageBundle keyPackage(CipherSuite suite, String name, GroupConfig config) {
    return KeyPackageBundle.create(suite, credential(name), suite.generateSignatureKeyPair(), config.clock(),
        Duration.ofDays(30));
  }

  static Group create(CipherSuite suite, String name, GroupConfig config) {
    SignatureKeyPair keys = suite.generateSignatureKeyPair();
    return Group.create(suite, ("group of " + name).getBytes(StandardCharsets.UTF_8), credential(name), keys, config);
  }

  /** Commits an Add of a new client as {@code committer}, merges it, and returns the joined client. */
  static Group addNew(Group committer, String name, GroupConfig config, Group... others) {
    KeyPackageBundle kp = keyPackage(committer.cipherSuite(), name, config);
    CommitOutput out = committer.commit(CommitOptions.builder().add(kp.keyPackage()).build());
    committer.mergePendingCommit();
    for (Group other : others) {
      other.process(out.commit());
    }
    return Group.joinFromWelcome(out.welcome().orElseThrow(), kp, Optional.empty(), config);
  }

  static MlsMessage roundTrip(MlsMessage message) {
    return TlsReader.decodeFully(message.toBytes(), MlsMessage::decode);
  }
}
