package io.conclave.mls.framing;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import io.conclave.mls.schedule.GroupContext;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code PublicMessage} (RFC 9420 §6.2): signed, unencrypted content. A member sender adds a
 * membership tag (a MAC under the epoch's membership key); other senders have none.
 */
public record PublicMessage(FramedContent content, FramedContentAuthData auth, Optional<byte[]> membershipTag)
    implements TlsEncodable {

  public PublicMessage {
    Objects.requireNonNull(content, "content");
    auth.checkMatches(content.contentType());
    membershipTag = membershipTag.map(byte[]::clone);
    if (membershipTag.isPresent() != (content.sender() instanceof Sender.Member)) {
      throw new IllegalArgumentException("a membership tag belongs to member senders only");
    }
  }

  @Override
  public Optional<byte[]> membershipTag() {
    return membershipTag.map(byte[]::clone);
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.write(content).write(auth);
    membershipTag.ifPresent(writer::writeOpaque);
  }

  /**
   * The encoding of {@code AuthenticatedContentTBM} (RFC 9420 §6.2), the input of the membership
   * tag: the {@code FramedContentTBS} as a public message, then the authentication data.
   */
  public byte[] toBeMaced(GroupContext context) {
    TlsWriter writer = new TlsWriter();
    writer.writeFixed(content.toBeSigned(WireFormat.PUBLIC_MESSAGE, context)).write(auth);
    return writer.toByteArray();
  }

  public static PublicMessage decode(TlsReader reader) {
    FramedContent content = FramedContent.decode(reader);
    FramedContentAuthData auth = FramedContentAuthData.decode(reader, content.contentType());
    Optional<byte[]> tag = content.sender() instanceof Sender.Member
        ? Optional.of(reader.readOpaque())
        : Optional.empty();
    return new PublicMessage(content, auth, tag);
  }

  @Override
  public boolean equals(Object o) {
    return WireValues.equals(this, o);
  }

  @Override
  public int hashCode() {
    return WireValues.hashCode(this);
  }

  @Override
  public String toString() {
    return WireValues.toString(this);
  }
}
