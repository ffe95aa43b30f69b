package io.conclave.bench.mls.group;

import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
import io.conclave.mls.keypackage.KeyPackageBundle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A group of {@code size} members built the way the ts-mls benchmark builds it: the creator
 * commits one Add of {@code size - 1} KeyPackages without an UpdatePath (an Add-only commit needs
 * none, RFC 9420 §12.4, and ts-mls sends none), so every parent node is blank, and an observer
 * joins from that Welcome.
 *
 * <p>{@code populated}: the bulk Add carries the creator's path, then the members at leaves 2, 4,
 * 8, ... join too and each commits an update path, so every node on the creator's copath holds a key, as in a meeting whose members
 * commit from time to time. A commit then encrypts to about log2(size) keys instead of about
 * {@code size} (RFC 9420 §7.6: one per node of each copath child's resolution).
 */
final class GroupFixture {
  final CipherSuite suite;
  final GroupConfig config = GroupConfig.DEFAULT;
  final Group owner;
  final Group observer;

  GroupFixture(CipherSuite suite, int size, boolean populated) {
    this.suite = suite;
    owner = Group.create(suite, "bench group".getBytes(StandardCharsets.UTF_8), credential("owner"),
        suite.generateSignatureKeyPair(), config);
    CommitOptions.Builder adds = CommitOptions.builder();
    KeyPackageBundle observerKeys = keyPackage("observer");
    adds.add(observerKeys.keyPackage());
    Map<Integer, KeyPackageBundle> committers = new TreeMap<>();
    for (int i = 2; i < size; i++) {
      KeyPackageBundle member = keyPackage("member " + i);
      if (populated && Integer.bitCount(i) == 1) {
        committers.put(i, member);
      }
      adds.add(member.keyPackage());
    }
    CommitOutput out = owner.commit(adds.forcePath(populated).build());
    owner.mergePendingCommit();
    MlsMessage welcome = out.welcome().orElseThrow();
    observer = Group.joinFromWelcome(welcome, observerKeys, Optional.empty(), config);

    List<Group> members = new ArrayList<>(List.of(owner, observer));
    for (KeyPackageBundle bundle : committers.values()) {
      members.add(Group.joinFromWelcome(welcome, bundle, Optional.empty(), config));
    }
    for (Group committer : members.subList(1, members.size())) {
      MlsMessage commit = committer.commit(CommitOptions.builder().forcePath(true).build()).commit();
      committer.mergePendingCommit();
      for (Group other : members) {
        if (other != committer) {
          other.process(commit);
        }
      }
    }
  }

  KeyPackageBundle keyPackage(String name) {
    return KeyPackageBundle.create(suite, credential(name), suite.generateSignatureKeyPair(), config.clock(),
        Duration.ofDays(30));
  }

  static Credential credential(String name) {
    return new Credential.Basic(name.getBytes(StandardCharsets.UTF_8));
  }
}
