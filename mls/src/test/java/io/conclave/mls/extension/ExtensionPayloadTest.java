package io.conclave.mls.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.messages.GroupInfo;
import io.conclave.mls.testing.Vectors;
import io.conclave.mls.tree.RatchetTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Extension} and the §17.3 extension payloads (RFC 9420 §13). */
class ExtensionPayloadTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  @Test
  void unknownExtensionTypesAreKeptAsTheyAre() {
    byte[] grease = hex("0a0a" + "03" + "010203");
    Extension e = TlsReader.decodeFully(grease, Extension::decode);
    assertThat(e.type()).isEqualTo(0x0a0a);
    assertThat(e.toBytes()).isEqualTo(grease);
  }

  @Test
  void extensionComparesByContentAndCopiesItsData() {
    byte[] data = hex("0102");
    Extension e = new Extension(7, data);
    data[0] = 9;
    assertThat(e).isEqualTo(new Extension(7, hex("0102"))).hasSameHashCodeAs(new Extension(7, hex("0102")));
    e.data()[1] = 9;
    assertThat(e.data()).isEqualTo(hex("0102"));
  }

  @Test
  void applicationIdRoundTrips() {
    ApplicationId id = new ApplicationId(hex("a1a2"));
    Extension e = id.toExtension();
    assertThat(e.type()).isEqualTo(1);
    assertThat(e.data()).isEqualTo(hex("02a1a2"));
    assertThat(ApplicationId.fromExtension(e)).isEqualTo(id);
  }

  @Test
  void requiredCapabilitiesRoundTrip() {
    RequiredCapabilities caps = new RequiredCapabilities(List.of(5, 0x0a0a), List.of(), List.of(1));
    assertThat(caps.toExtension().data()).isEqualTo(hex("04" + "00050a0a" + "00" + "020001"));
    assertThat(RequiredCapabilities.fromExtension(caps.toExtension())).isEqualTo(caps);
  }

  @Test
  void externalPubRoundTrips() {
    ExternalPub pub = new ExternalPub(hex("04ff"));
    assertThat(pub.toExtension().type()).isEqualTo(4);
    assertThat(ExternalPub.fromExtension(pub.toExtension())).isEqualTo(pub);
  }

  @Test
  void externalSendersRoundTrip() {
    ExternalSenders senders = new ExternalSenders(List.of(
        new ExternalSender(hex("aa"), new Credential.Basic(hex("616c696365")))));
    Extension e = senders.toExtension();
    assertThat(e.type()).isEqualTo(5);
    assertThat(e.data()).isEqualTo(hex("0a" + "01aa" + "0001" + "05616c696365"));
    assertThat(ExternalSenders.fromExtension(e)).isEqualTo(senders);
  }

  @Test
  void payloadOfTheWrongTypeOrWithTrailingBytesIsRejected() {
    assertThatThrownBy(() -> ExternalPub.fromExtension(new Extension(1, hex("00"))))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> ApplicationId.fromExtension(new Extension(1, hex("0100ff"))))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> ExternalSenders.fromExtension(new Extension(5, hex("0401aa0003"))))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("credential type");
  }

  /** The group infos of messages.json carry ratchet_tree, external_pub and required_capabilities. */
  @Test
  void payloadsInTheMessageVectorsRoundTrip() {
    JsonNode entries = Vectors.mls("messages.json");
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (JsonNode entry : entries) {
      MlsMessage message = TlsReader.decodeFully(Vectors.hex(entry.get("mls_group_info")), MlsMessage::decode);
      GroupInfo info = ((MlsMessage.GroupInfoBody) message.body()).groupInfo();
      List<Extension> extensions = new ArrayList<>(info.extensions());
      extensions.addAll(info.groupContext().extensions());
      for (Extension e : extensions) {
        byte[] reencoded = switch (e.type()) {
          case ApplicationId.EXTENSION_TYPE -> ApplicationId.fromExtension(e).toBytes();
          case RatchetTree.EXTENSION_TYPE -> RatchetTree.fromExtension(e).toBytes();
          case RequiredCapabilities.EXTENSION_TYPE -> RequiredCapabilities.fromExtension(e).toBytes();
          case ExternalPub.EXTENSION_TYPE -> ExternalPub.fromExtension(e).toBytes();
          case ExternalSenders.EXTENSION_TYPE -> ExternalSenders.fromExtension(e).toBytes();
          default -> e.data();
        };
        checked++;
        if (!Arrays.equals(reencoded, e.data())) {
          failures.add("extension type " + e.type() + " re-encodes differently");
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(checked).isEqualTo(3 * entries.size());
  }
}
