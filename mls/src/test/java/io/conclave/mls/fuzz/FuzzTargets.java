package io.conclave.mls.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.MlsException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.HpkeKeyPair;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.framing.ContentAuthentication;
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.framing.PublicMessage;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.group.CommitOptions;
import io.conclave.mls.group.CommitOutput;
import io.conclave.mls.group.ExternalJoin;
import io.conclave.mls.group.Group;
import io.conclave.mls.group.GroupConfig;
import io.conclave.mls.group.PublicGroup;
import io.conclave.mls.group.PublicGroupConfig;
import io.conclave.mls.keypackage.KeyPackage;
import io.conclave.mls.keypackage.KeyPackageBundle;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.messages.GroupInfoSignature;
import io.conclave.mls.messages.Welcome;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.testing.Vectors;
import io.conclave.mls.tree.RatchetTree;
import io.conclave.mls.treemath.LeafIndex;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The fuzz targets and their seeds: valid messages made by the library itself (KeyPackages,
 * Welcomes, GroupInfos, ratchet trees, PublicMessage and PrivateMessage commits, proposals and
 * application messages, an external commit) and taken from the official vector files.
 */
final class FuzzTargets {

  /** A valid input and what its target needs beside the bytes (a receiver, a KeyPackageBundle). */
  record Seed(byte[] bytes, Object context) {}

  /** A named entry point fed with bytes; {@code resign} optionally re-signs a mutated input. */
  record Target(String name, List<Seed> seeds, BiConsumer<Seed, byte[]> run, Resigner resign) {}

  /** Makes a mutated input pass the signature check so that the checks behind it are reached. */
  interface Resigner {
    byte[] resign(Seed seed, byte[] mutated);
  }

  /** One group of three members (alice 0, bob 1, carol 2) and everything it can send bob. */
  static final class World {
    final CipherSuite suite;
    final GroupConfig config;
    final SignatureKeyPair aliceKeys;
    final Group alice;
    final Group bob;
    final Group carol;
    final byte[] bobState;
    Group receiver;
    final PublicGroup observer;
    final SignatureKeyPair joinerKeys;
    final List<MlsMessage> toBob = new ArrayList<>();
    final List<MlsMessage> commits = new ArrayList<>();
    final MlsMessage externalCommit;
    final List<Seed> welcomes = new ArrayList<>();
    final List<MlsMessage> groupInfos = new ArrayList<>();
    final List<KeyPackage> keyPackages = new ArrayList<>();

    World(int suiteId, WireFormat handshake) {
      suite = CipherSuites.get(suiteId);
      config = GroupConfig.builder().handshakeFormat(handshake).allowExternalCommits(true).build();
      aliceKeys = suite.generateSignatureKeyPair();
      alice = Group.create(suite, ("fuzz " + suiteId + " " + handshake).getBytes(StandardCharsets.UTF_8),
          credential("alice"), aliceKeys, config);
      bob = add(alice, "bob");
      carol = add(alice, "carol", bob);

      // Commits from alice and carol in epoch 2, each discarded again by its sender.
      KeyPackageBundle dave = bundle("dave");
      commit(alice, CommitOptions.builder().add(dave.keyPackage()).build(), dave);
      commit(alice, CommitOptions.builder().remove(new LeafIndex(2)).build(), null);
      commit(alice, CommitOptions.builder().forcePath(true).build(), null);
      commit(alice, CommitOptions.builder().groupContextExtensions(List.of()).build(), null);
      KeyPackageBundle erin = bundle("erin");
      KeyPackageBundle frank = bundle("frank");
      commit(carol, CommitOptions.builder().add(erin.keyPackage()).add(frank.keyPackage()).remove(new LeafIndex(0))
          .authenticatedData(new byte[] {1, 2, 3}).build(), erin);

      // An external joiner's commit (no membership tag, so it can be re-signed after mutation).
      joinerKeys = suite.generateSignatureKeyPair();
      MlsMessage info = alice.groupInfo(true);
      groupInfos.add(info);
      groupInfos.add(alice.groupInfo(false));
      ExternalJoin join = Group.joinExternally(info, credential("joiner"), joinerKeys, config);
      externalCommit = join.commit();
      commits.add(externalCommit);
      toBob.add(externalCommit);

      // Application messages, then proposals (no application data while proposals are pending, §12.4).
      toBob.add(alice.encryptApplication("hello bob".getBytes(StandardCharsets.UTF_8)));
      toBob.add(carol.encryptApplication(new byte[300], new byte[] {9, 9}));
      toBob.add(alice.proposeUpdate());
      toBob.add(alice.proposeRemove(new LeafIndex(2)));
      toBob.add(alice.proposeAdd(bundle("grace").keyPackage()));
      toBob.add(carol.proposeGroupContextExtensions(List.of()));

      bobState = bob.toBytes();
      receiver = bob;
      observer = PublicGroup.fromGroupInfo(info, Optional.empty(),
          PublicGroupConfig.builder().allowExternalCommits(true).build());
    }

    private void commit(Group committer, CommitOptions options, KeyPackageBundle joiner) {
      CommitOutput out = committer.commit(options);
      committer.discardPendingCommit();
      commits.add(out.commit());
      toBob.add(out.commit());
      groupInfos.add(out.groupInfo());
      if (joiner != null) {
        welcomes.add(new Seed(out.welcome().orElseThrow().toBytes(), joiner));
      }
    }

    private Group add(Group committer, String name, Group... others) {
      KeyPackageBundle kp = bundle(name);
      CommitOutput out = committer.commit(CommitOptions.builder().add(kp.keyPackage()).build());
      committer.mergePendingCommit();
      for (Group other : others) {
        other.process(out.commit());
      }
      welcomes.add(new Seed(out.welcome().orElseThrow().toBytes(), kp));
      return Group.joinFromWelcome(out.welcome().orElseThrow(), copy(kp), Optional.empty(), config);
    }

    private KeyPackageBundle bundle(String name) {
      KeyPackageBundle kp = KeyPackageBundle.create(suite, credential(name), suite.generateSignatureKeyPair(),
          config.clock(), Duration.ofDays(30));
      keyPackages.add(kp.keyPackage());
      return kp;
    }

    /** Bob again as he was in epoch 2, after an input was accepted and moved him on. */
    void resetReceiver() {
      receiver = Group.fromBytes(bobState, config);
    }
  }

  private FuzzTargets() {}

  static Credential credential(String name) {
    return new Credential.Basic(name.getBytes(StandardCharsets.UTF_8));
  }

  /** A bundle with its own copies of the private keys: a failed join may destroy the ones it used. */
  static KeyPackageBundle copy(KeyPackageBundle b) {
    return KeyPackageBundle.of(b.suite(), b.keyPackage(),
        new HpkeKeyPair(SecretBytes.copyOf(b.initKeyPair().privateKey().copy()), b.initKeyPair().publicKey()),
        new HpkeKeyPair(SecretBytes.copyOf(b.encryptionKeyPair().privateKey().copy()),
            b.encryptionKeyPair().publicKey()),
        new SignatureKeyPair(SecretBytes.copyOf(b.signatureKeyPair().privateKey().copy()),
            b.signatureKeyPair().publicKey()));
  }

  static MlsMessage message(byte[] bytes) {
    return TlsReader.decodeFully(bytes, MlsMessage::decode);
  }

  /** Strips the 4-byte MLSMessage header (version, wire format) to get the body's encoding. */
  static byte[] body(byte[] mlsMessage) {
    return Arrays.copyOfRange(mlsMessage, 4, mlsMessage.length);
  }

  /** Builds every target; {@code vectorEntries} limits how many entries of each vector file are used. */
  static List<Target> all(int vectorEntries) {
    List<World> worlds = List.of(new World(1, WireFormat.PUBLIC_MESSAGE), new World(1, WireFormat.PRIVATE_MESSAGE),
        new World(2, WireFormat.PUBLIC_MESSAGE));

    List<byte[]> mlsMessages = new ArrayList<>();
    List<byte[]> keyPackages = new ArrayList<>();
    List<byte[]> welcomes = new ArrayList<>();
    List<byte[]> groupInfos = new ArrayList<>();
    List<byte[]> trees = new ArrayList<>();
    for (World w : worlds) {
      w.toBob.forEach(m -> mlsMessages.add(m.toBytes()));
      w.groupInfos.forEach(m -> {
        mlsMessages.add(m.toBytes());
        groupInfos.add(body(m.toBytes()));
      });
      w.welcomes.forEach(s -> {
        mlsMessages.add(s.bytes());
        welcomes.add(body(s.bytes()));
      });
      w.keyPackages.forEach(k -> {
        keyPackages.add(k.toBytes());
        mlsMessages.add(new MlsMessage(new MlsMessage.KeyPackageBody(k)).toBytes());
      });
      trees.add(w.alice.ratchetTree().toBytes());
      trees.add(w.carol.ratchetTree().toBytes());
    }

    // The official vectors (RFC 9420 test vectors): messages, welcome, tree-validation, passive client.
    List<Seed> vectorWelcomes = new ArrayList<>();
    int i = 0;
    for (JsonNode v : Vectors.mls("messages.json")) {
      if (i++ >= vectorEntries) {
        break;
      }
      for (String f : List.of("mls_welcome", "mls_group_info", "mls_key_package", "public_message_application",
          "public_message_proposal", "public_message_commit", "private_message")) {
        mlsMessages.add(Vectors.hex(v.get(f)));
      }
      welcomes.add(body(Vectors.hex(v.get("mls_welcome"))));
      groupInfos.add(body(Vectors.hex(v.get("mls_group_info"))));
      keyPackages.add(body(Vectors.hex(v.get("mls_key_package"))));
      trees.add(Vectors.hex(v.get("ratchet_tree")));
    }
    i = 0;
    for (JsonNode v : Vectors.mls("tree-validation.json")) {
      if (i++ >= vectorEntries) {
        break;
      }
      trees.add(Vectors.hex(v.get("tree")));
    }
    for (JsonNode v : Vectors.mls("welcome.json")) {
      mlsMessages.add(Vectors.hex(v.get("welcome")));
      mlsMessages.add(Vectors.hex(v.get("key_package")));
      welcomes.add(body(Vectors.hex(v.get("welcome"))));
      keyPackages.add(body(Vectors.hex(v.get("key_package"))));
    }
    i = 0;
    for (JsonNode v : Vectors.mls("passive-client-welcome.json")) {
      if (i >= vectorEntries) {
        break;
      }
      if (v.get("cipher_suite").asInt() != 1 || !v.get("external_psks").isEmpty()) {
        continue;
      }
      i++;
      CipherSuite suite = CipherSuites.get(1);
      KeyPackage kp = ((MlsMessage.KeyPackageBody) message(Vectors.hex(v.get("key_package"))).body()).keyPackage();
      KeyPackageBundle bundle = KeyPackageBundle.of(suite, kp,
          new HpkeKeyPair(SecretBytes.copyOf(Vectors.hex(v.get("init_priv"))), kp.initKey()),
          new HpkeKeyPair(SecretBytes.copyOf(Vectors.hex(v.get("encryption_priv"))), kp.leafNode().encryptionKey()),
          new SignatureKeyPair(SecretBytes.copyOf(Vectors.hex(v.get("signature_priv"))),
              kp.leafNode().signatureKey()));
      Optional<RatchetTree> tree = v.get("ratchet_tree").isNull() ? Optional.empty()
          : Optional.of(TlsReader.decodeFully(Vectors.hex(v.get("ratchet_tree")), RatchetTree::decode));
      vectorWelcomes.add(new Seed(Vectors.hex(v.get("welcome")), new VectorJoin(bundle, tree)));
      mlsMessages.add(Vectors.hex(v.get("welcome")));
      tree.ifPresent(t -> trees.add(t.toBytes()));
    }

    List<Target> targets = new ArrayList<>();
    targets.add(new Target("decode.MLSMessage", seeds(mlsMessages),
        (s, b) -> TlsReader.decodeFully(b, MlsMessage::decode), null));
    targets.add(new Target("decode.KeyPackage", seeds(keyPackages),
        (s, b) -> TlsReader.decodeFully(b, KeyPackage::decode), null));
    targets.add(new Target("decode.Welcome", seeds(welcomes),
        (s, b) -> TlsReader.decodeFully(b, Welcome::decode), null));
    targets.add(new Target("decode.GroupInfo", seeds(groupInfos),
        (s, b) -> TlsReader.decodeFully(b, GroupInfo::decode), null));
    targets.add(new Target("decode.RatchetTree", seeds(trees),
        (s, b) -> TlsReader.decodeFully(b, RatchetTree::decode), null));

    // Group.process on bob; an accepted input moves bob on, so he is restored from his saved state.
    List<Seed> toBob = new ArrayList<>();
    for (World w : worlds) {
      w.toBob.forEach(m -> toBob.add(new Seed(m.toBytes(), w)));
    }
    targets.add(new Target("Group.process", toBob, (s, b) -> {
      World w = (World) s.context();
      w.receiver.process(message(b));
      w.resetReceiver();
    }, FuzzTargets::resignExternalCommit));

    // Group.joinFromWelcome with the matching bundle (a fresh copy of its keys for every input).
    List<Seed> joins = new ArrayList<>(vectorWelcomes);
    for (World w : worlds) {
      w.welcomes.forEach(s -> joins.add(new Seed(s.bytes(), new VectorJoin((KeyPackageBundle) s.context(),
          Optional.empty(), w.config))));
    }
    targets.add(new Target("Group.joinFromWelcome", joins, (s, b) -> {
      VectorJoin j = (VectorJoin) s.context();
      Group.joinFromWelcome(message(b), copy(j.bundle()), j.tree(), j.config());
    }, null));

    // PublicGroup.fromGroupInfo: mutated GroupInfos, half of them re-signed by alice so that the
    // tree and extension checks behind the signature are reached.
    List<Seed> infos = new ArrayList<>();
    for (World w : worlds) {
      w.groupInfos.forEach(m -> infos.add(new Seed(m.toBytes(), w)));
    }
    targets.add(new Target("PublicGroup.fromGroupInfo", infos, (s, b) -> {
      World w = (World) s.context();
      PublicGroup.fromGroupInfo(message(b), Optional.of(w.alice.ratchetTree()),
          PublicGroupConfig.builder().allowExternalCommits(true).build());
    }, FuzzTargets::resignGroupInfo));

    // PublicGroup.verifyCommit (it does not change the observer): the commits of every world; the
    // external commit's mutations are re-signed by the joiner.
    List<Seed> commits = new ArrayList<>();
    for (World w : worlds) {
      w.commits.forEach(m -> commits.add(new Seed(m.toBytes(), w)));
    }
    targets.add(new Target("PublicGroup.verifyCommit", commits, (s, b) -> {
      World w = (World) s.context();
      w.observer.verifyCommit(message(b));
    }, FuzzTargets::resignExternalCommit));
    return targets;
  }

  /** A Welcome with the bundle it is for and, for vector entries, the tree and a config. */
  record VectorJoin(KeyPackageBundle bundle, Optional<RatchetTree> tree, GroupConfig config) {
    VectorJoin(KeyPackageBundle bundle, Optional<RatchetTree> tree) {
      this(bundle, tree, GroupConfig.builder()
          .clock(java.time.InstantSource.fixed(java.time.Instant.ofEpochSecond(1_700_000_000L)))
          .allowExternalCommits(true).build());
    }
  }

  private static List<Seed> seeds(List<byte[]> bytes) {
    return bytes.stream().map(b -> new Seed(b, null)).toList();
  }

  /**
   * If the mutated input still decodes to a PublicMessage from a new member (an external commit),
   * signs its content again with the joiner's key under the receiver's GroupContext.
   */
  static byte[] resignExternalCommit(Seed seed, byte[] mutated) {
    World w = (World) seed.context();
    try {
      MlsMessage m = message(mutated);
      if (!(m.body() instanceof MlsMessage.Public p)
          || !(p.message().content().sender() instanceof io.conclave.mls.framing.Sender.NewMemberCommit)) {
        return mutated;
      }
      FramedContent content = p.message().content();
      GroupContext context = w.observer.groupContext();
      var signed = ContentAuthentication.sign(w.suite, w.joinerKeys.privateKey(), WireFormat.PUBLIC_MESSAGE, content,
          context, p.message().auth().confirmationTag());
      return new MlsMessage(m.version(), new MlsMessage.Public(new PublicMessage(content, signed.auth(),
          p.message().membershipTag()))).toBytes();
    } catch (MlsException | IllegalArgumentException | NullPointerException e) {
      return mutated;
    }
  }

  /** If the mutated input still decodes to a GroupInfo, signs it again with alice's key. */
  static byte[] resignGroupInfo(Seed seed, byte[] mutated) {
    World w = (World) seed.context();
    try {
      MlsMessage m = message(mutated);
      if (!(m.body() instanceof MlsMessage.GroupInfoBody g)) {
        return mutated;
      }
      GroupInfo info = g.groupInfo();
      GroupInfo signed = GroupInfoSignature.sign(w.suite, w.aliceKeys.privateKey(),
          new GroupInfo(info.groupContext(), info.extensions(), info.confirmationTag(), info.signer(), new byte[0]));
      return new MlsMessage(m.version(), new MlsMessage.GroupInfoBody(signed)).toBytes();
    } catch (MlsException | IllegalArgumentException | NullPointerException e) {
      return mutated;
    }
  }

}
