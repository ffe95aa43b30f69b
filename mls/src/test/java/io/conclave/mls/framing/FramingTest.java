package io.conclave.mls.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.messages.Commit;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.schedule.GroupContext;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Framing structures (RFC 9420 §6). */
class FramingTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  private static FramedContent content(Sender sender, Content body) {
    return new FramedContent(hex("67"), 2, sender, hex(""), body);
  }

  @Test
  void sendersOfEveryType() {
    List<Sender> senders = List.of(new Sender.Member(0xffffffffL), new Sender.External(2),
        new Sender.NewMemberProposal(), new Sender.NewMemberCommit());
    List<String> encodings = List.of("01ffffffff", "0200000002", "03", "04");
    for (int i = 0; i < senders.size(); i++) {
      assertThat(HexFormat.of().formatHex(senders.get(i).toBytes())).isEqualTo(encodings.get(i));
      assertThat(TlsReader.decodeFully(hex(encodings.get(i)), Sender::decode)).isEqualTo(senders.get(i));
    }
    assertThatThrownBy(() -> TlsReader.decodeFully(hex("05"), Sender::decode)).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> TlsReader.decodeFully(hex("00"), Sender::decode)).isInstanceOf(DecodeException.class);
  }

  @Test
  void confirmationTagOnlyForCommitsAndMembershipTagOnlyForMembers() {
    FramedContent commit = content(new Sender.NewMemberCommit(),
        new Content.CommitContent(new Commit(List.of(), Optional.empty())));
    FramedContentAuthData withTag = new FramedContentAuthData(hex("51"), Optional.of(hex("c0")));
    FramedContentAuthData withoutTag = new FramedContentAuthData(hex("51"), Optional.empty());

    PublicMessage message = new PublicMessage(commit, withTag, Optional.empty());
    assertThat(TlsReader.decodeFully(message.toBytes(), PublicMessage::decode)).isEqualTo(message);
    assertThatThrownBy(() -> new PublicMessage(commit, withoutTag, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PublicMessage(commit, withTag, Optional.of(hex("aa"))))
        .isInstanceOf(IllegalArgumentException.class);

    FramedContent app = content(new Sender.Member(1), new Content.ApplicationData(hex("ff")));
    PublicMessage member = new PublicMessage(app, withoutTag, Optional.of(hex("aa")));
    assertThat(HexFormat.of().formatHex(member.toBytes())).endsWith("0151" + "01aa");
    assertThat(TlsReader.decodeFully(member.toBytes(), PublicMessage::decode)).isEqualTo(member);
    assertThatThrownBy(() -> new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, app, withTag))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void authenticatedContentRoundTrips() {
    FramedContent proposal = content(new Sender.External(0), new Content.ProposalContent(new Remove(3)));
    AuthenticatedContent ac = new AuthenticatedContent(WireFormat.PRIVATE_MESSAGE, proposal,
        new FramedContentAuthData(hex("5151"), Optional.empty()));
    assertThat(HexFormat.of().formatHex(ac.toBytes())).startsWith("0002" + "0167");
    assertThat(TlsReader.decodeFully(ac.toBytes(), AuthenticatedContent::decode)).isEqualTo(ac);
  }

  @Test
  void signatureCoversTheGroupContextOnlyForMemberAndNewMemberCommitSenders() {
    GroupContext context = new GroupContext(1, 1, hex("67"), 2, hex("aa"), hex("bb"), List.of());
    Content body = new Content.ApplicationData(hex("ff"));
    FramedContent member = content(new Sender.Member(1), body);
    String memberPrefix = "0001" + "0001" + HexFormat.of().formatHex(member.toBytes());
    assertThat(HexFormat.of().formatHex(member.toBeSigned(WireFormat.PUBLIC_MESSAGE, context)))
        .isEqualTo(memberPrefix + HexFormat.of().formatHex(context.toBytes()));
    assertThatThrownBy(() -> member.toBeSigned(WireFormat.PUBLIC_MESSAGE, null))
        .isInstanceOf(NullPointerException.class);

    FramedContent external = content(new Sender.External(0), new Content.ProposalContent(new Remove(1)));
    assertThat(external.toBeSigned(WireFormat.PRIVATE_MESSAGE, null))
        .isEqualTo(hex("0001" + "0002" + HexFormat.of().formatHex(external.toBytes())));

    FramedContentAuthData auth = new FramedContentAuthData(hex("5151"), Optional.empty());
    PublicMessage message = new PublicMessage(member, auth, Optional.of(hex("00")));
    assertThat(HexFormat.of().formatHex(message.toBeMaced(context)))
        .isEqualTo(memberPrefix + HexFormat.of().formatHex(context.toBytes()) + "025151");
  }

  @Test
  void senderDataHasAFourByteReuseGuard() {
    SenderData data = new SenderData(5, 0xffffffffL, hex("01020304"));
    assertThat(data.toBytes()).isEqualTo(hex("00000005" + "ffffffff" + "01020304"));
    assertThat(TlsReader.decodeFully(data.toBytes(), SenderData::decode)).isEqualTo(data);
    assertThatThrownBy(() -> TlsReader.decodeFully(hex("0000000500000001010203"), SenderData::decode))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> new SenderData(1, 1, hex("01"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mlsMessageRejectsUnknownVersionWireFormatAndContentType() {
    PrivateMessage pm = new PrivateMessage(hex("67"), 1, ContentType.APPLICATION, hex(""), hex("aa"), hex("bb"));
    MlsMessage message = new MlsMessage(new MlsMessage.Private(pm));
    byte[] encoded = message.toBytes();
    assertThat(HexFormat.of().formatHex(encoded)).startsWith("0001" + "0002");
    assertThat(TlsReader.decodeFully(encoded, MlsMessage::decode)).isEqualTo(message);

    for (int[] damage : new int[][] {{1, 0}, {1, 2}, {3, 0}, {3, 6}, {14, 0}, {14, 4}}) {
      byte[] bad = encoded.clone();
      bad[damage[0]] = (byte) damage[1];
      assertThatThrownBy(() -> TlsReader.decodeFully(bad, MlsMessage::decode))
          .isInstanceOf(DecodeException.class)
          .hasMessageContaining("unknown");
    }
  }
}
