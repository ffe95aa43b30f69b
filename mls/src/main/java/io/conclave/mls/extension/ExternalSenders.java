package io.conclave.mls.extension;

import io.conclave.mls.DecodeException;
import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import java.util.List;

/**
 * The {@code external_senders} extension (RFC 9420 §12.1.8.1, §17.3): the external senders a
 * {@code Sender.external} index refers to.
 */
public record ExternalSenders(List<ExternalSender> senders) implements TlsEncodable {

  public static final int EXTENSION_TYPE = 5;

  public ExternalSenders {
    senders = List.copyOf(senders);
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeList(senders);
  }

  public static ExternalSenders decode(TlsReader reader) {
    return new ExternalSenders(reader.readList(ExternalSender::decode));
  }

  public Extension toExtension() {
    return new Extension(EXTENSION_TYPE, toBytes());
  }

  /** Decodes the data of an {@code external_senders} extension, which must hold exactly one value. */
  public static ExternalSenders fromExtension(Extension extension) {
    if (extension.type() != EXTENSION_TYPE) {
      throw new DecodeException("not an external_senders extension: type " + extension.type());
    }
    return TlsReader.decodeFully(extension.data(), ExternalSenders::decode);
  }
}
