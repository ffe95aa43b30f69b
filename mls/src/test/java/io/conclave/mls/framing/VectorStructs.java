package io.conclave.mls.framing;

import io.conclave.mls.codec.TlsDecoder;
import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.messages.Add;
import io.conclave.mls.messages.Commit;
import io.conclave.mls.messages.ExternalInit;
import io.conclave.mls.messages.GroupContextExtensions;
import io.conclave.mls.messages.GroupSecrets;
import io.conclave.mls.messages.PreSharedKey;
import io.conclave.mls.messages.Proposal;
import io.conclave.mls.messages.ReInit;
import io.conclave.mls.messages.Remove;
import io.conclave.mls.messages.Update;
import io.conclave.mls.tree.RatchetTree;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The structures of messages.json (mls-test-vectors/test-vectors.md, "Messages"): for each field
 * of an entry, how to decode it, how to re-encode it, and what the decoded value must be.
 */
final class VectorStructs {
  private VectorStructs() {}

  /** One field of a messages.json entry. */
  record Field<T>(String name, TlsDecoder<T> decoder, Function<T, byte[]> encoder, Consumer<T> check) {

    byte[] reencode(Object value) {
      @SuppressWarnings("unchecked")
      T t = (T) value;
      return encoder.apply(t);
    }

    void checkValue(Object value) {
      @SuppressWarnings("unchecked")
      T t = (T) value;
      check.accept(t);
    }
  }

  static final List<Field<?>> FIELDS = List.of(
      message("mls_welcome", WireFormat.WELCOME, null),
      message("mls_group_info", WireFormat.GROUP_INFO, null),
      message("mls_key_package", WireFormat.KEY_PACKAGE, null),
      struct("ratchet_tree", RatchetTree::decode),
      struct("group_secrets", GroupSecrets::decode),
      proposal("add_proposal", Add::decodeBody),
      proposal("update_proposal", Update::decodeBody),
      proposal("remove_proposal", Remove::decodeBody),
      proposal("pre_shared_key_proposal", PreSharedKey::decodeBody),
      proposal("re_init_proposal", ReInit::decodeBody),
      proposal("external_init_proposal", ExternalInit::decodeBody),
      proposal("group_context_extensions_proposal", GroupContextExtensions::decodeBody),
      struct("commit", Commit::decode),
      message("public_message_application", WireFormat.PUBLIC_MESSAGE, ContentType.APPLICATION),
      message("public_message_proposal", WireFormat.PUBLIC_MESSAGE, ContentType.PROPOSAL),
      message("public_message_commit", WireFormat.PUBLIC_MESSAGE, ContentType.COMMIT),
      message("private_message", WireFormat.PRIVATE_MESSAGE, null));

  private static <T extends TlsEncodable> Field<T> struct(String name, TlsDecoder<T> decoder) {
    return new Field<>(name, decoder, TlsEncodable::toBytes, v -> {});
  }

  /** A bare proposal struct (e.g. {@code Add}), encoded without its proposal type. */
  private static <T extends Proposal> Field<T> proposal(String name, TlsDecoder<T> decoder) {
    return new Field<>(name, decoder, p -> {
      TlsWriter w = new TlsWriter();
      p.encodeBody(w);
      return w.toByteArray();
    }, v -> {});
  }

  private static Field<MlsMessage> message(String name, WireFormat format, ContentType contentType) {
    return new Field<>(name, MlsMessage::decode, MlsMessage::toBytes, m -> {
      if (m.wireFormat() != format) {
        throw new AssertionError(name + ": wire format " + m.wireFormat() + ", expected " + format);
      }
      if (contentType != null
          && ((MlsMessage.Public) m.body()).message().content().contentType() != contentType) {
        throw new AssertionError(name + ": content type is not " + contentType);
      }
    });
  }
}
