package io.conclave.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.protocol.MalformedMessageException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlCodecTest {
  private final ControlCodec codec = new ControlCodec(4096);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void clientMessagesRoundTrip() {
    List<ClientMessage> messages = List.of(
        new ClientMessage.Hello("m1", null),
        new ClientMessage.Hello("m1", "tok_en-1"),
        new ClientMessage.RegisterGroup(new byte[] {1, 2}, "host_Token-1"),
        new ClientMessage.JoinRequest(new byte[] {3}),
        new ClientMessage.Commit(7, new byte[] {4}, new byte[] {5}, new byte[] {6}),
        new ClientMessage.Commit(0, new byte[] {4}, null, new byte[] {6}),
        new ClientMessage.Proposal(new byte[] {8}),
        new ClientMessage.Application(new byte[] {9}),
        new ClientMessage.KeyframeRequest(0, 1),
        new ClientMessage.KeyframeRequest(0xffff_ffffL, 255),
        new ClientMessage.Bye());
    for (ClientMessage m : messages) {
      ClientMessage back = codec.decodeClient(codec.encode(m));
      assertThat(back).usingRecursiveComparison().isEqualTo(m);
    }
  }

  @Test
  void serverMessagesRoundTrip() {
    List<ServerMessage> messages = List.of(
        new ServerMessage.Ready("p1", "r1", -1, null),
        new ServerMessage.Ready("p1", "r1", 4, 2L),
        new ServerMessage.Registered(),
        new ServerMessage.JoinRequest("p2", new byte[] {1}),
        new ServerMessage.Commit("p1", 3, new byte[] {2}),
        new ServerMessage.CommitAccepted(4),
        new ServerMessage.CommitRejected(3, 4, "epoch_taken"),
        new ServerMessage.Welcome(4, new byte[] {3}),
        new ServerMessage.Proposal("server", 4, new byte[] {4}),
        new ServerMessage.Application("p1", new byte[] {5}),
        new ServerMessage.KeyframeRequest(1),
        new ServerMessage.JoinRefused("denied"),
        new ServerMessage.JoinRequestWithdrawn("p2"));
    for (ServerMessage m : messages) {
      ServerMessage back = codec.decodeServer(codec.encode(m));
      assertThat(back).usingRecursiveComparison().isEqualTo(m);
    }
  }

  @Test
  void encodingHasVersionTypeAndBase64() {
    String json = new String(codec.encode(new ClientMessage.JoinRequest(new byte[] {(byte) 0xfb, (byte) 0xff})),
        StandardCharsets.UTF_8);
    assertThat(json).isEqualTo("{\"v\":1,\"type\":\"join_request\",\"keyPackage\":\"+/8=\"}");
    String hello = new String(codec.encode(new ClientMessage.Hello("m", null)), StandardCharsets.UTF_8);
    assertThat(hello).isEqualTo("{\"v\":1,\"type\":\"hello\",\"meeting\":\"m\"}");
  }

  @Test
  void keyframeRequestHasTheDocumentedForm() {
    String json = "{\"v\":1,\"type\":\"keyframe_request\",\"leaf\":3,\"track\":2}";
    assertThat(new String(codec.encode(new ClientMessage.KeyframeRequest(3, 2)), StandardCharsets.UTF_8))
        .isEqualTo(json);
    assertThat(codec.decodeClient(utf8(json))).isEqualTo(new ClientMessage.KeyframeRequest(3, 2));
  }

  @Test
  void rejectsKeyframeRequestsWithMissingOrOutOfRangeFields() {
    List<String> bad = List.of(
        "{\"v\":1,\"type\":\"keyframe_request\",\"track\":1}",
        "{\"v\":1,\"type\":\"keyframe_request\",\"leaf\":1}",
        "{\"v\":1,\"type\":\"keyframe_request\"}",
        "{\"v\":1,\"type\":\"keyframe_request\",\"leaf\":null,\"track\":1}",
        "{\"v\":1,\"type\":\"keyframe_request\",\"leaf\":1,\"track\":null}",
        "{\"v\":1,\"type\":\"keyframe_request\",\"leaf\":-1,\"track\":1}",
        "{\"v\":1,\"type\":\"keyframe_request\",\"leaf\":4294967296,\"track\":1}",
        "{\"v\":1,\"type\":\"keyframe_request\",\"leaf\":1,\"track\":-1}",
        "{\"v\":1,\"type\":\"keyframe_request\",\"leaf\":1,\"track\":256}",
        "{\"v\":1,\"type\":\"keyframe_request\",\"leaf\":1,\"track\":4294967297}",
        "{\"v\":1,\"type\":\"keyframe_request\",\"leaf\":1.5,\"track\":1}",
        "{\"v\":1,\"type\":\"keyframe_request\",\"leaf\":1,\"track\":1,\"from\":\"p1\"}");
    for (String json : bad) {
      assertThatThrownBy(() -> codec.decodeClient(utf8(json)))
          .as(json).isInstanceOf(MalformedMessageException.class);
    }
  }

  @Test
  void decodesTheDocumentedExample() {
    ClientMessage m = codec.decodeClient(utf8("""
        {"v":1,"type":"commit","epoch":2,"commit":"AQ==","groupInfo":"Ag==","welcome":"Aw=="}"""));
    assertThat(m).isInstanceOfSatisfying(ClientMessage.Commit.class, c -> {
      assertThat(c.epoch()).isEqualTo(2);
      assertThat(c.commit()).containsExactly(1);
      assertThat(c.groupInfo()).containsExactly(2);
      assertThat(c.welcome()).containsExactly(3);
    });
  }

  @Test
  void registerGroupCarriesTheHostToken() {
    String json = "{\"v\":1,\"type\":\"register_group\",\"groupInfo\":\"AQI=\",\"hostToken\":\"tok_1\"}";
    assertThat(new String(codec.encode(new ClientMessage.RegisterGroup(new byte[] {1, 2}, "tok_1")),
        StandardCharsets.UTF_8)).isEqualTo(json);
    assertThat(codec.decodeClient(utf8(json))).usingRecursiveComparison()
        .isEqualTo(new ClientMessage.RegisterGroup(new byte[] {1, 2}, "tok_1"));
    // Without a token it still decodes: the server answers 4407, not 4400 (docs/PROTOCOL.md).
    assertThat(codec.decodeClient(utf8("{\"v\":1,\"type\":\"register_group\",\"groupInfo\":\"AQI=\"}")))
        .usingRecursiveComparison().isEqualTo(new ClientMessage.RegisterGroup(new byte[] {1, 2}, null));
  }

  @Test
  void aProposalStillDecodes() {
    // The server must be able to read it to close its sender with 4409 (docs/PROTOCOL.md).
    assertThat(codec.decodeClient(utf8("{\"v\":1,\"type\":\"proposal\",\"proposal\":\"AQ==\"}")))
        .isInstanceOf(ClientMessage.Proposal.class);
  }

  @Test
  void rejectsMalformedInput() {
    List<String> bad = List.of(
        "",
        "[]",
        "not json",
        "{\"type\":\"bye\"}",
        "{\"v\":2,\"type\":\"bye\"}",
        "{\"v\":\"1\",\"type\":\"bye\"}",
        "{\"v\":1}",
        "{\"v\":1,\"type\":\"nope\"}",
        "{\"v\":1,\"type\":\"bye\",\"extra\":1}",
        "{\"v\":1,\"type\":\"bye\"} {}",
        "{\"v\":1,\"type\":\"hello\"}",
        "{\"v\":1,\"type\":\"hello\",\"meeting\":\"bad id!\"}",
        "{\"v\":1,\"type\":\"hello\",\"meeting\":\"" + "a".repeat(65) + "\"}",
        "{\"v\":1,\"type\":\"join_request\",\"keyPackage\":\"***\"}",
        "{\"v\":1,\"type\":\"join_request\",\"keyPackage\":\"\"}",
        "{\"v\":1,\"type\":\"commit\",\"commit\":\"AQ==\",\"groupInfo\":\"AQ==\"}",
        "{\"v\":1,\"type\":\"commit\",\"epoch\":-1,\"commit\":\"AQ==\",\"groupInfo\":\"AQ==\"}",
        "{\"v\":1,\"type\":\"commit\",\"epoch\":1.5,\"commit\":\"AQ==\",\"groupInfo\":\"AQ==\"}",
        // added and removed are no longer fields: the server reads the roster change from the commit
        "{\"v\":1,\"type\":\"commit\",\"epoch\":1,\"commit\":\"AQ==\",\"groupInfo\":\"AQ==\",\"removed\":[1]}",
        "{\"v\":1,\"type\":\"commit\",\"epoch\":1,\"commit\":\"AQ==\",\"groupInfo\":\"AQ==\",\"added\":[]}",
        "{\"v\":1,\"type\":\"commit\",\"epoch\":1,\"commit\":\"AQ==\",\"groupInfo\":\"AQ==\",\"welcome\":\"\"}",
        "{\"v\":1,\"type\":\"register_group\",\"groupInfo\":\"AQ==\",\"hostToken\":\"\"}",
        "{\"v\":1,\"type\":\"register_group\",\"groupInfo\":\"AQ==\",\"hostToken\":\"bad token\"}",
        "{\"v\":1,\"type\":\"register_group\",\"groupInfo\":\"AQ==\",\"hostToken\":\"" + "a".repeat(65) + "\"}",
        "{\"v\":1,\"type\":\"bye\",\"x\":[[[[[[[[[[1]]]]]]]]]]}");
    for (String json : bad) {
      assertThatThrownBy(() -> codec.decodeClient(utf8(json)))
          .as(json).isInstanceOf(MalformedMessageException.class);
    }
  }

  @Test
  void aServerMessageOfAnUnknownTypeIsSkippedByClientsButOneOfAKnownTypeMustBeValid() {
    // A type added to the protocol after this client was built (docs/PROTOCOL.md, "Control-message
    // envelope"): skipped, whatever its fields.
    assertThat(codec.decodeServerIfKnown(utf8("{\"v\":1,\"type\":\"speaker_hint\",\"leaf\":3,\"x\":[1]}"))).isEmpty();
    assertThat(codec.decodeServerIfKnown(utf8("{\"v\":1,\"type\":\"commit_accepted\",\"epoch\":4}")))
        .contains(new ServerMessage.CommitAccepted(4));
    // decodeServer (the relay's own tests) still refuses it.
    assertThatThrownBy(() -> codec.decodeServer(utf8("{\"v\":1,\"type\":\"speaker_hint\"}")))
        .isInstanceOf(MalformedMessageException.class);
    List<String> stillMalformed = List.of(
        "{\"v\":1,\"type\":\"commit_accepted\"}",
        "{\"v\":1,\"type\":\"commit_accepted\",\"epoch\":4,\"extra\":1}",
        "{\"v\":2,\"type\":\"speaker_hint\"}",
        "{\"type\":\"speaker_hint\"}",
        "{\"v\":1}",
        "{\"v\":1,\"type\":5}",
        "{\"v\":1,\"type\":null}",
        "{\"v\":1,\"type\":\"speaker_hint\"} trailing",
        "[1]");
    for (String json : stillMalformed) {
      assertThatThrownBy(() -> codec.decodeServerIfKnown(utf8(json))).as(json)
          .isInstanceOf(MalformedMessageException.class);
    }
    byte[] big = utf8("{\"v\":1,\"type\":\"speaker_hint\",\"x\":\"" + "A".repeat(5000) + "\"}");
    assertThatThrownBy(() -> codec.decodeServerIfKnown(big)).isInstanceOf(MalformedMessageException.class);
  }

  @Test
  void rejectsOversizedMessagesBeforeParsing() {
    byte[] big = utf8("{\"v\":1,\"type\":\"proposal\",\"proposal\":\"" + "A".repeat(5000) + "\"}");
    assertThatThrownBy(() -> codec.decodeClient(big))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("exceeds 4096");
  }

  @Test
  void errorMessagesDoNotEchoInput() {
    assertThatThrownBy(() -> codec.decodeClient(utf8("{\"v\":1,\"type\":\"hello\",\"meeting\":\"SECRETVALUE!\"}")))
        .isInstanceOf(MalformedMessageException.class)
        .extracting(Throwable::getMessage).asString().doesNotContain("SECRETVALUE");
  }
}
