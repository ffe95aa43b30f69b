package io.conclave.mls.messages;

import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.extension.Extension;
import java.util.List;

/** {@code GroupContextExtensions} (RFC 9420 §12.1.7): replaces the group context's extensions. */
public record GroupContextExtensions(List<Extension> extensions) implements Proposal {
  public static final int TYPE = 7;

  public GroupContextExtensions {
    extensions = List.copyOf(extensions);
  }

  @Override
  public int proposalType() {
    return TYPE;
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    writer.writeList(extensions);
  }

  public static GroupContextExtensions decodeBody(TlsReader reader) {
    return new GroupContextExtensions(reader.readList(Extension::decode));
  }
}
