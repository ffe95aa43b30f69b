package io.conclave.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conclave.protocol.MalformedMessageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * JSON encoding of control messages (docs/PROTOCOL.md, "Control messages"): one UTF-8 JSON
 * object per WebSocket text message, {@code {"v":1,"type":"...", ...fields}}. Decoding is strict:
 * unknown versions, types and fields, missing required fields, wrong JSON types and out-of-range
 * values are rejected with {@link MalformedMessageException}; the document length, nesting depth
 * and string lengths are bounded before anything is built.
 */
public final class ControlCodec {
  /** The protocol version this codec speaks. */
  public static final int VERSION = 1;

  private final int maxMessageBytes;
  private final ObjectMapper mapper;

  /** @param maxMessageBytes the largest encoded message accepted, in bytes */
  public ControlCodec(int maxMessageBytes) {
    if (maxMessageBytes < 64) {
      throw new IllegalArgumentException("maxMessageBytes too small: " + maxMessageBytes);
    }
    this.maxMessageBytes = maxMessageBytes;
    StreamReadConstraints limits = StreamReadConstraints.builder()
        .maxDocumentLength(maxMessageBytes)
        .maxStringLength(maxMessageBytes)
        .maxNestingDepth(8)
        .maxNumberLength(24)
        .build();
    this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        // Wrong JSON types close with 4400 (docs/PROTOCOL.md): Jackson's coercions ("3" or 3.0 as
        // a number, 1 or true as a string, "" as null, a single value as a list, [x] as x) are off.
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
        .withCoercionConfigDefaults(config -> {
          for (CoercionInputShape shape : CoercionInputShape.values()) {
            config.setCoercion(shape, CoercionAction.Fail);
          }
          config.setAcceptBlankAsEmpty(false);
        })
        .addModule(new SimpleModule("base64-only").addDeserializer(byte[].class, new Base64Only()))
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .build();
  }

  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  public byte[] encode(ClientMessage message) {
    return encodeAs(message, ClientMessage.class);
  }

  public byte[] encode(ServerMessage message) {
    return encodeAs(message, ServerMessage.class);
  }

  /** @throws MalformedMessageException if {@code json} is not a valid client message */
  public ClientMessage decodeClient(byte[] json) {
    return decodeAs(json, ClientMessage.class);
  }

  /** @throws MalformedMessageException if {@code json} is not a valid server message */
  public ServerMessage decodeServer(byte[] json) {
    return decodeAs(json, ServerMessage.class);
  }

  private byte[] encodeAs(Object message, Class<?> family) {
    Objects.requireNonNull(message, "message");
    ObjectNode node = mapper.createObjectNode();
    node.put("v", VERSION);
    try {
      node.setAll((ObjectNode) mapper.readTree(mapper.writerFor(family).writeValueAsBytes(message)));
      return mapper.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + message.getClass().getSimpleName(), e);
    }
  }

  /**
   * As {@link #decodeServer}, but empty for a well-formed envelope (version 1, a JSON object whose
   * {@code type} is a string) of a type this codec does not know: clients skip server messages of
   * types added to the protocol after they were built (docs/PROTOCOL.md, "Control-message
   * envelope"). A message of a known type that is malformed still throws.
   *
   * @throws MalformedMessageException if {@code json} is neither a valid server message nor a
   *     well-formed envelope of an unknown type
   */
  public Optional<ServerMessage> decodeServerIfKnown(byte[] json) {
    ObjectNode object = envelope(json);
    try {
      return Optional.of(mapper.treeToValue(object, ServerMessage.class));
    } catch (InvalidTypeIdException e) {
      JsonNode type = object.get("type");
      if (type != null && type.isTextual()) {
        return Optional.empty();
      }
      throw malformed(e);
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  private <T> T decodeAs(byte[] json, Class<T> family) {
    ObjectNode object = envelope(json);
    try {
      return mapper.treeToValue(object, family);
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  /** The JSON object of a control message of this version, its {@code v} removed. */
  private ObjectNode envelope(byte[] json) {
    Objects.requireNonNull(json, "json");
    if (json.length > maxMessageBytes) {
      throw new MalformedMessageException(
          "control message of " + json.length + " bytes exceeds " + maxMessageBytes);
    }
    try {
      JsonNode node = mapper.readTree(json);
      if (!(node instanceof ObjectNode object)) {
        throw new MalformedMessageException("control message is not a JSON object");
      }
      JsonNode version = object.remove("v");
      if (version == null || !version.isInt() || version.intValue() != VERSION) {
        throw new MalformedMessageException("control message version must be " + VERSION);
      }
      return object;
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  private static MalformedMessageException malformed(IOException e) {
    return new MalformedMessageException("invalid control message: " + describe(e), e);
  }

  /** Jackson's messages quote the input; keep only the kind of failure and the field path. */
  private static String describe(IOException e) {
    String kind = e.getClass().getSimpleName();
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      return kind + " at " + m.getPathReference().replaceAll("^.*\\[", "[");
    }
    return kind;
  }

  /**
   * Byte fields are base64 strings (docs/PROTOCOL.md). Jackson's own {@code byte[]} deserializer
   * also takes a list of numbers, and no coercion setting turns that off.
   */
  private static final class Base64Only extends StdScalarDeserializer<byte[]> {
    Base64Only() {
      super(byte[].class);
    }

    @Override
    public byte[] deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (!parser.hasToken(JsonToken.VALUE_STRING)) {
        return (byte[]) context.handleUnexpectedToken(byte[].class, parser);
      }
      return parser.getBinaryValue(context.getBase64Variant());
    }
  }
}
