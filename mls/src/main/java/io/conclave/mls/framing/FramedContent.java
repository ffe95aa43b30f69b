package io.conclave.mls.framing;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.codec.WireValues;
import io.conclave.mls.schedule.GroupContext;
import java.util.Objects;

/**
 * {@code FramedContent} (RFC 9420 §6): a message's content with the group, epoch and sender it
 * claims. Nothing here is authenticated yet.
 *
 * @param epoch uint64, treated as unsigned
 */
public record FramedContent(byte[] groupId, long epoch, Sender sender, byte[] authenticatedData, Content content)
    implements TlsEncodable {

  public FramedContent {
    groupId = groupId.clone();
    Objects.requireNonNull(sender, "sender");
    authenticatedData = authenticatedData.clone();
    Objects.requireNonNull(content, "content");
  }

  @Override
  public byte[] groupId() {
    return groupId.clone();
  }

  @Override
  public byte[] authenticatedData() {
    return authenticatedData.clone();
  }

  public ContentType contentType() {
    return content.contentType();
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.writeOpaque(groupId).writeUint64(epoch).write(sender).writeOpaque(authenticatedData);
    content.contentType().encode(writer);
    content.encode(writer);
  }

  /**
   * The encoding of {@code FramedContentTBS} (RFC 9420 §6.1), which the sender's signature covers:
   * the version, the wire format, this content and, for {@code member} and
   * {@code new_member_commit} senders, the group context.
   *
   * @param context the group's context; required for member and new-member-commit senders and
   *     ignored for the others, which sign without it
   */
  public byte[] toBeSigned(WireFormat wireFormat, GroupContext context) {
    TlsWriter writer = new TlsWriter();
    ProtocolVersion.MLS10.encode(writer);
    wireFormat.encode(writer);
    encode(writer);
    if (sender instanceof Sender.Member || sender instanceof Sender.NewMemberCommit) {
      writer.write(Objects.requireNonNull(context, "a member or new-member-commit signature covers the group context"));
    }
    return writer.toByteArray();
  }

  public static FramedContent decode(TlsReader reader) {
    byte[] groupId = reader.readOpaque();
    long epoch = reader.readUint64();
    Sender sender = Sender.decode(reader);
    byte[] authenticatedData = reader.readOpaque();
    Content content = Content.decode(reader, ContentType.decode(reader));
    return new FramedContent(groupId, epoch, sender, authenticatedData, content);
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
