package io.conclave.mls.tree;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import java.util.List;

/**
 * {@code Capabilities} (RFC 9420 §7.2): what a member supports. Every list holds uint16 code
 * points; unknown and GREASE values (§13.5) are kept, since a member may advertise values this
 * implementation does not know.
 */
public record Capabilities(
    List<Integer> versions,
    List<Integer> cipherSuites,
    List<Integer> extensions,
    List<Integer> proposals,
    List<Integer> credentials) implements TlsEncodable {

  public Capabilities {
    versions = uint16List(versions);
    cipherSuites = uint16List(cipherSuites);
    extensions = uint16List(extensions);
    proposals = uint16List(proposals);
    credentials = uint16List(credentials);
  }

  private static List<Integer> uint16List(List<Integer> values) {
    for (int v : values) {
      if ((v & ~0xffff) != 0) {
        throw new IllegalArgumentException("not a uint16: " + v);
      }
    }
    return List.copyOf(values);
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeList(versions, TlsWriter::writeUint16)
        .writeList(cipherSuites, TlsWriter::writeUint16)
        .writeList(extensions, TlsWriter::writeUint16)
        .writeList(proposals, TlsWriter::writeUint16)
        .writeList(credentials, TlsWriter::writeUint16);
  }

  public static Capabilities decode(TlsReader reader) {
    return new Capabilities(
        reader.readList(TlsReader::readUint16),
        reader.readList(TlsReader::readUint16),
        reader.readList(TlsReader::readUint16),
        reader.readList(TlsReader::readUint16),
        reader.readList(TlsReader::readUint16));
  }
}
