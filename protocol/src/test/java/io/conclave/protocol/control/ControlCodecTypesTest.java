package io.conclave.protocol.control;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conclave.protocol.MalformedMessageException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wrong JSON types close with 4400 (docs/PROTOCOL.md, "Control-message envelope"): each case takes
 * a valid message, checks that it decodes, then puts a value of the wrong JSON type at one field
 * and checks that the result is malformed, so a case cannot pass because of another defect.
 */
class ControlCodecTypesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ControlCodec CODEC = new ControlCodec(4096);

  private static final String HELLO = "{\"v\":1,\"type\":\"hello\",\"meeting\":\"m1\",\"resume\":\"r1\"}";
  private static final String COMMIT = "{\"v\":1,\"type\":\"commit\",\"epoch\":3,\"commit\":\"AQ==\","
      + "\"groupInfo\":\"Ag==\",\"welcome\":\"Aw==\"}";
  private static final String REGISTER = "{\"v\":1,\"type\":\"register_group\",\"groupInfo\":\"AQ==\","
      + "\"hostToken\":\"t1\"}";
  private static final String CLIENT_KEYFRAME = "{\"v\":1,\"type\":\"keyframe_request\",\"leaf\":1,\"track\":1}";
  private static final String CLIENT_APPLICATION = "{\"v\":1,\"type\":\"application\",\"message\":\"AQ==\"}";
  private static final String READY = "{\"v\":1,\"type\":\"ready\",\"participant\":\"p1\",\"resume\":\"r1\","
      + "\"epoch\":1,\"leaf\":2}";
  private static final String SERVER_COMMIT = "{\"v\":1,\"type\":\"commit\",\"from\":\"p1\",\"epoch\":3,"
      + "\"commit\":\"AQ==\"}";
  private static final String REJECTED = "{\"v\":1,\"type\":\"commit_rejected\",\"epoch\":3,"
      + "\"currentEpoch\":4,\"reason\":\"stale_epoch\"}";
  private static final String SERVER_KEYFRAME = "{\"v\":1,\"type\":\"keyframe_request\",\"track\":2}";
  private static final String SERVER_APPLICATION = "{\"v\":1,\"type\":\"application\",\"from\":\"p1\","
      + "\"message\":\"AQ==\"}";

  static Stream<Arguments> clientCases() {
    return Stream.of(
        // numbers, booleans, lists and objects where a string is expected
        Arguments.of(HELLO, "/meeting", "123"),
        Arguments.of(HELLO, "/meeting", "1.5"),
        Arguments.of(HELLO, "/meeting", "true"),
        Arguments.of(HELLO, "/meeting", "[\"m1\"]"),
        Arguments.of(HELLO, "/resume", "7"),
        Arguments.of(HELLO, "/resume", "false"),
        Arguments.of(CLIENT_APPLICATION, "/message", "12"),
        Arguments.of(CLIENT_APPLICATION, "/message", "true"),
        Arguments.of(CLIENT_APPLICATION, "/message", "[\"AQ==\"]"),
        Arguments.of(CLIENT_APPLICATION, "/message", "{}"),
        Arguments.of(CLIENT_APPLICATION, "/message", "[1,2]"),
        Arguments.of(COMMIT, "/commit", "1"),
        Arguments.of(COMMIT, "/commit", "[1]"),
        Arguments.of(COMMIT, "/welcome", "[3]"),
        Arguments.of(REGISTER, "/hostToken", "1"),
        Arguments.of(REGISTER, "/hostToken", "true"),
        Arguments.of(REGISTER, "/hostToken", "[\"t1\"]"),
        Arguments.of(REGISTER, "/groupInfo", "[1]"),
        // strings, booleans, floats and lists where an integer is expected
        Arguments.of(COMMIT, "/epoch", "\"3\""),
        Arguments.of(COMMIT, "/epoch", "\"\""),
        Arguments.of(COMMIT, "/epoch", "\" \""),
        Arguments.of(COMMIT, "/epoch", "true"),
        Arguments.of(COMMIT, "/epoch", "3.0"),
        Arguments.of(COMMIT, "/epoch", "1.5"),
        Arguments.of(COMMIT, "/epoch", "3e0"),
        Arguments.of(COMMIT, "/epoch", "[3]"),
        Arguments.of(CLIENT_KEYFRAME, "/leaf", "\"1\""),
        Arguments.of(CLIENT_KEYFRAME, "/leaf", "\"0x1\""),
        Arguments.of(CLIENT_KEYFRAME, "/leaf", "1.0"),
        Arguments.of(CLIENT_KEYFRAME, "/track", "true"),
        Arguments.of(CLIENT_KEYFRAME, "/track", "\"1\""),
        Arguments.of(CLIENT_KEYFRAME, "/track", "\"\""),
        Arguments.of(CLIENT_KEYFRAME, "/track", "1.5"),
        Arguments.of(CLIENT_KEYFRAME, "/track", "[1]"),
        Arguments.of(CLIENT_KEYFRAME, "/track", "{}"),
        // the type and version themselves
        Arguments.of(HELLO, "/type", "1"),
        Arguments.of(HELLO, "/type", "[\"hello\"]"),
        Arguments.of(HELLO, "/v", "\"1\""),
        Arguments.of(HELLO, "/v", "1.0"),
        Arguments.of(HELLO, "/v", "true"));
  }

  static Stream<Arguments> serverCases() {
    return Stream.of(
        Arguments.of(READY, "/participant", "1"),
        Arguments.of(READY, "/resume", "true"),
        Arguments.of(READY, "/epoch", "\"1\""),
        Arguments.of(READY, "/epoch", "\"-1\""),
        Arguments.of(READY, "/epoch", "1.0"),
        Arguments.of(READY, "/leaf", "\"2\""),
        Arguments.of(READY, "/leaf", "\"\""),
        Arguments.of(READY, "/leaf", "true"),
        Arguments.of(READY, "/leaf", "2.5"),
        Arguments.of(READY, "/leaf", "[2]"),
        Arguments.of(SERVER_COMMIT, "/from", "1"),
        Arguments.of(SERVER_COMMIT, "/epoch", "\"3\""),
        Arguments.of(REJECTED, "/currentEpoch", "\"4\""),
        Arguments.of(REJECTED, "/reason", "5"),
        Arguments.of(REJECTED, "/reason", "false"),
        Arguments.of(SERVER_KEYFRAME, "/track", "\"2\""),
        Arguments.of(SERVER_KEYFRAME, "/track", "true"),
        Arguments.of(SERVER_KEYFRAME, "/track", "2.0"),
        Arguments.of(SERVER_APPLICATION, "/message", "7"),
        Arguments.of(SERVER_APPLICATION, "/message", "[1]"),
        Arguments.of(SERVER_APPLICATION, "/from", "false"));
  }

  @ParameterizedTest(name = "client {1} = {2}")
  @MethodSource("clientCases")
  void clientMessagesWithAWrongTypeAreMalformed(String valid, String field, String badValue) throws Exception {
    assertRejected(valid, field, badValue, CODEC::decodeClient);
  }

  @ParameterizedTest(name = "server {1} = {2}")
  @MethodSource("serverCases")
  void serverMessagesWithAWrongTypeAreMalformed(String valid, String field, String badValue) throws Exception {
    assertRejected(valid, field, badValue, CODEC::decodeServer);
  }

  private static void assertRejected(String valid, String field, String badValue,
      Function<byte[], ?> decode) throws Exception {
    assertThatCode(() -> decode.apply(valid.getBytes(StandardCharsets.UTF_8))).as(valid)
        .doesNotThrowAnyException();
    String bad = replace(valid, field, badValue);
    assertThatThrownBy(() -> decode.apply(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
        .isInstanceOf(MalformedMessageException.class);
  }

  /** {@code json} with the value at {@code pointer} (which must exist) replaced by {@code value}. */
  private static String replace(String json, String pointer, String value) throws Exception {
    JsonNode root = JSON.readTree(json);
    JsonPointer at = JsonPointer.compile(pointer);
    JsonNode parent = root.at(at.head());
    JsonNode replacement = JSON.readTree(value);
    if (parent instanceof ObjectNode object && object.has(at.last().getMatchingProperty())) {
      object.set(at.last().getMatchingProperty(), replacement);
    } else if (parent instanceof ArrayNode array && at.last().getMatchingIndex() < array.size()) {
      array.set(at.last().getMatchingIndex(), replacement);
    } else {
      throw new IllegalArgumentException("no field " + pointer + " in " + json);
    }
    return JSON.writeValueAsString(root);
  }
}
