package io.conclave.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conclave.sframe.ReplayedCounterException;
import io.conclave.sframe.SFrameSecret;
import io.conclave.sframe.header.SFrameHeader;
import io.conclave.sframe.media.MediaFrame;
import io.conclave.sframe.media.MediaFrameCodec;
import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import io.conclave.sframe.mls.MlsKeyId;
import io.conclave.sframe.mls.MlsSFrameConfig;
import io.conclave.sframe.mls.MlsSFrameContext;
import io.conclave.sframe.suite.CipherSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Java and TypeScript SFrame agree byte for byte (RFC 9605 with MLS keys, §5.2, and Conclave media
 * frames): for every cipher suite, three Java senders over two epochs protect frames that the
 * TypeScript side (src/interop/sframe.interop.test.ts, run with vitest) must decrypt; it then
 * protects frames from three other senders that Java decrypts here.
 *
 * <p>Base keys stand in for {@code MLS-Exporter("SFrame 1.0 Base Key", "", Nk)} of fixed exporter
 * secrets. The epochs differ in group size (6 then 9 leaves), so S changes from 3 to 4 bits.
 */
class SFrameInteropTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EPOCH_BITS = 4;
  private static final int CONTEXTS = 2;
  private static final List<Integer> JAVA_SENDERS = List.of(0, 2, 5);
  private static final List<Integer> TS_SENDERS = List.of(1, 3, 4);
  /** A receiver that sends nothing here; its own KIDs would be refused. */
  private static final int JAVA_RECEIVER = 0;
  private static final long NODE_TIMEOUT_SECONDS = 300;

  private record Epoch(long number, byte[] baseKey, int groupSize, int[] roster) {}

  @Test
  void javaAndTypeScriptDecryptEachOthersFrames() throws Exception {
    Path dir = Path.of("target", "interop").toAbsolutePath();
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve("ts-frames.json"));

    ArrayNode cases = JSON.createArrayNode();
    for (CipherSuite suite : CipherSuite.values()) {
      cases.add(javaCase(suite));
    }
    ObjectNode file = JSON.createObjectNode();
    file.set("cases", cases);
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("java-frames.json").toFile(), file);

    runVitest(dir);

    JsonNode tsFile = JSON.readTree(dir.resolve("ts-frames.json").toFile());
    assertThat(tsFile.get("cases")).hasSize(CipherSuite.values().length);
    int decrypted = 0;
    for (JsonNode tsCase : tsFile.get("cases")) {
      decrypted += decryptTypeScriptCase(tsCase);
    }
    assertThat(decrypted).isEqualTo(CipherSuite.values().length * TS_SENDERS.size() * 2 * 6);
  }

  private static List<Epoch> epochs(CipherSuite suite) {
    return List.of(
        new Epoch(10, exporterSecret(suite, 10), 6, new int[] {0, 1, 2, 3, 4, 5}),
        new Epoch(11, exporterSecret(suite, 11), 9, new int[] {0, 1, 2, 3, 4, 5, 8}));
  }

  /** A fixed stand-in for the MLS exporter output of an epoch. */
  private static byte[] exporterSecret(CipherSuite suite, long epoch) {
    byte[] key = new byte[suite.nk()];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (epoch * 17 + suite.id() * 101 + i * 7);
    }
    return key;
  }

  private static MlsSFrameConfig config(CipherSuite suite) {
    return MlsSFrameConfig.builder()
        .suite(suite)
        .epochBits(EPOCH_BITS)
        .contextsPerSender(CONTEXTS)
        .gracePeriod(Duration.ofMinutes(10))
        .build();
  }

  private static ObjectNode javaCase(CipherSuite suite) {
    ObjectNode node = JSON.createObjectNode();
    node.put("suite", suite.id());
    node.put("epochBits", EPOCH_BITS);
    node.put("contextsPerSender", CONTEXTS);
    ArrayNode epochNodes = node.putArray("epochs");
    for (Epoch e : epochs(suite)) {
      ObjectNode en = epochNodes.addObject();
      en.put("epoch", e.number());
      en.put("baseKey", HEX.formatHex(e.baseKey()));
      en.put("groupSize", e.groupSize());
      ArrayNode roster = en.putArray("roster");
      for (int index : e.roster()) {
        roster.add(index);
      }
    }
    ArrayNode frames = node.putArray("frames");
    for (int sender : JAVA_SENDERS) {
      MlsSFrameContext context = MlsSFrameContext.create(config(suite), sender);
      long sequence = 0;
      for (Epoch e : epochs(suite)) {
        context.addEpoch(e.number(), SFrameSecret.copyOf(e.baseKey()), e.groupSize(), e.roster());
        for (int i = 0; i < 6; i++) {
          MediaFrameHeader header = new MediaFrameHeader(Track.values()[i % 3], i % 2 == 1,
              (i + 1) % 4, i % 3, (0xfffffffeL + sequence++) & 0xffffffffL);
          int kidContext = (i / 2) % CONTEXTS;
          byte[] payload = payload(suite, sender, i);
          // MediaFrameCodec always uses context 0; the second context goes through the context.
          byte[] out = new byte[MediaFrameHeader.LENGTH + context.maxFrameLength(payload.length)];
          header.encodeTo(out, 0);
          int n = context.protect(kidContext, out, 0, MediaFrameHeader.LENGTH,
              payload, 0, payload.length, out, MediaFrameHeader.LENGTH);
          frames.add(frameNode(sender, e.number(), kidContext, header, payload,
              Arrays.copyOf(out, MediaFrameHeader.LENGTH + n)));
        }
      }
    }
    return node;
  }

  private static byte[] payload(CipherSuite suite, int sender, int i) {
    int[] sizes = {3000, 0, 1200, 1, 99, 16};
    byte[] payload = new byte[sizes[i % sizes.length]];
    for (int j = 0; j < payload.length; j++) {
      payload[j] = (byte) (suite.id() * 5 + sender * 11 + i * 3 + j);
    }
    return payload;
  }

  private static ObjectNode frameNode(int sender, long epoch, int context, MediaFrameHeader header,
      byte[] payload, byte[] frame) {
    ObjectNode f = JSON.createObjectNode();
    f.put("sender", sender);
    f.put("epoch", epoch);
    f.put("context", context);
    f.put("track", header.track().code());
    f.put("keyframe", header.keyframe());
    f.put("spatialLayer", header.spatialLayer());
    f.put("temporalLayer", header.temporalLayer());
    f.put("sequence", header.sequence());
    f.put("payload", HEX.formatHex(payload));
    f.put("frame", HEX.formatHex(frame));
    return f;
  }

  /** Decrypts every TypeScript frame of one suite and returns how many there were. */
  private static int decryptTypeScriptCase(JsonNode tsCase) {
    CipherSuite suite = CipherSuite.fromId(tsCase.get("suite").asInt());
    MlsSFrameContext context = MlsSFrameContext.create(config(suite), JAVA_RECEIVER);
    for (Epoch e : epochs(suite)) {
      context.addEpoch(e.number(), SFrameSecret.copyOf(e.baseKey()), e.groupSize(), e.roster());
    }
    MediaFrameCodec codec = new MediaFrameCodec(context);
    JsonNode frames = tsCase.get("frames");
    for (JsonNode f : frames) {
      byte[] wire = HEX.parseHex(f.get("frame").asText());
      MediaFrame frame = codec.unprotect(wire);
      assertThat(HEX.formatHex(frame.payload())).isEqualTo(f.get("payload").asText());
      assertThat(frame.senderIndex()).isEqualTo(f.get("sender").asInt());
      assertThat(frame.epoch()).isEqualTo(f.get("epoch").asLong());
      assertThat(frame.header()).isEqualTo(new MediaFrameHeader(
          Track.fromCode(f.get("track").asInt()), f.get("keyframe").asBoolean(),
          f.get("spatialLayer").asInt(), f.get("temporalLayer").asInt(), f.get("sequence").asLong()));
      long kid = SFrameHeader.keyId(wire, MediaFrameHeader.LENGTH);
      int indexBits = MlsKeyId.senderIndexBits(frame.epoch() == 10 ? 6 : 9);
      assertThat(MlsKeyId.context(kid, indexBits, EPOCH_BITS)).isEqualTo(f.get("context").asLong());
    }
    byte[] first = HEX.parseHex(frames.get(0).get("frame").asText());
    assertThatThrownBy(() -> codec.unprotect(first)).isInstanceOf(ReplayedCounterException.class);
    return frames.size();
  }

  /** Runs the TypeScript half; a failure or timeout of node fails this test. */
  private static void runVitest(Path dir) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(
        "npx", "--no-install", "vitest", "run", "src/interop/sframe.interop.test.ts")
        .directory(Path.of("").toAbsolutePath().toFile())
        .inheritIO();
    builder.environment().put("CONCLAVE_INTEROP_DIR", dir.toString());
    Process node = builder.start();
    if (!node.waitFor(NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      node.descendants().forEach(ProcessHandle::destroyForcibly);
      node.destroyForcibly();
      throw new AssertionError("vitest did not finish within " + NODE_TIMEOUT_SECONDS + " s");
    }
    assertThat(node.exitValue()).as("vitest exit code (its output is above)").isZero();
  }
}
