package io.conclave.mls.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.extension.Extension;
import io.conclave.mls.framing.ProtocolVersion;
import io.conclave.mls.schedule.GroupContext;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Proposals, commits, PSK ids, group secrets and group info (RFC 9420 §8.4, §12). */
class ProposalTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  @Test
  void proposalEncodingIsTypeThenBody() {
    Proposal remove = new Remove(0xfffffffeL);
    assertThat(remove.toBytes()).isEqualTo(hex("0003" + "fffffffe"));
    assertThat(TlsReader.decodeFully(remove.toBytes(), Proposal::decode)).isEqualTo(remove);

    Proposal reinit = new ReInit(hex("aa"), ProtocolVersion.MLS10, 3, List.of(new Extension(9, hex("01"))));
    assertThat(reinit.toBytes()).isEqualTo(hex("0005" + "01aa" + "0001" + "0003" + "04" + "0009" + "0101"));
    assertThat(TlsReader.decodeFully(reinit.toBytes(), Proposal::decode)).isEqualTo(reinit);
  }

  @Test
  void unknownProposalTypesAreRejected() {
    for (String type : List.of("0000", "0008", "0a0a")) {
      assertThatThrownBy(() -> TlsReader.decodeFully(hex(type + "00"), Proposal::decode))
          .isInstanceOf(DecodeException.class)
          .hasMessageContaining("unknown proposal type");
    }
  }

  @Test
  void preSharedKeyIdsOfBothKinds() {
    PreSharedKeyId external = new PreSharedKeyId.External(hex("01"), hex("0202"));
    assertThat(external.toBytes()).isEqualTo(hex("01" + "0101" + "020202"));
    PreSharedKeyId resumption = new PreSharedKeyId.Resumption(ResumptionPskUsage.BRANCH, hex("09"), 5, hex(""));
    assertThat(resumption.toBytes()).isEqualTo(hex("02" + "03" + "0109" + "0000000000000005" + "00"));
    for (PreSharedKeyId id : List.of(external, resumption)) {
      assertThat(TlsReader.decodeFully(id.toBytes(), PreSharedKeyId::decode)).isEqualTo(id);
    }
    assertThatThrownBy(() -> TlsReader.decodeFully(hex("03"), PreSharedKeyId::decode))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> TlsReader.decodeFully(hex("02" + "04" + "0109" + "0000000000000005" + "00"),
        PreSharedKeyId::decode)).isInstanceOf(DecodeException.class);
  }

  @Test
  void commitWithInlineProposalsAndReferences() {
    Commit commit = new Commit(List.of(
        new ProposalOrRef.Inline(new Remove(1)),
        new ProposalOrRef.Reference(hex("abcd"))), Optional.empty());
    assertThat(commit.toBytes()).isEqualTo(hex("0b" + "01" + "000300000001" + "02" + "02abcd" + "00"));
    assertThat(TlsReader.decodeFully(commit.toBytes(), Commit::decode)).isEqualTo(commit);
    assertThatThrownBy(() -> TlsReader.decodeFully(hex("0103" + "00"), Commit::decode))
        .isInstanceOf(DecodeException.class);
  }

  @Test
  void groupSecretsNeverPrintTheirSecrets() {
    byte[] joiner = hex("1234567890");
    GroupSecrets secrets = new GroupSecrets(SecretBytes.copyOf(joiner),
        Optional.of(new PathSecret(SecretBytes.copyOf(hex("abcdef")))), List.of());
    assertThat(secrets.toString()).doesNotContain("1234").doesNotContain("abcd");
    GroupSecrets decoded = TlsReader.decodeFully(secrets.toBytes(), GroupSecrets::decode);
    assertThat(decoded.joinerSecret().equalsConstantTime(joiner)).isTrue();
    assertThat(decoded.pathSecret().orElseThrow().pathSecret().equalsConstantTime(hex("abcdef"))).isTrue();
  }

  @Test
  void groupInfoToBeSignedOmitsOnlyTheSignature() {
    GroupContext context = new GroupContext(1, 1, hex("01"), 7, hex("aa"), hex("bb"), List.of());
    GroupInfo info = new GroupInfo(context, List.of(), hex("cc"), 3, hex("dddd"));
    byte[] encoded = info.toBytes();
    assertThat(info.toBeSigned()).isEqualTo(Arrays.copyOf(encoded, encoded.length - 3));
    assertThat(TlsReader.decodeFully(encoded, GroupInfo::decode)).isEqualTo(info);
  }

  @Test
  void groupContextRejectsUnknownVersions() {
    GroupContext context = new GroupContext(1, 0xffff, hex(""), -1, hex(""), hex(""), List.of());
    byte[] encoded = context.toBytes();
    assertThat(TlsReader.decodeFully(encoded, GroupContext::decode)).isEqualTo(context);
    encoded[1] = 0;
    assertThatThrownBy(() -> TlsReader.decodeFully(encoded, GroupContext::decode))
        .isInstanceOf(DecodeException.class);
  }
}
