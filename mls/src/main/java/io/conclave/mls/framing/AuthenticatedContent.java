package io.conclave.mls.framing;

import io.conclave.mls.codec.TlsEncodable;
import io.conclave.mls.codec.TlsReader;
import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.schedule.GroupContext;
import java.util.Objects;

/**
 * {@code AuthenticatedContent} (RFC 9420 §6.1): framed content with its authentication data and
 * the wire format it was (or will be) sent in; the input to the transcript hashes (§8.2).
 */
public record AuthenticatedContent(WireFormat wireFormat, FramedContent content, FramedContentAuthData auth)
    implements TlsEncodable {

  public AuthenticatedContent {
    Objects.requireNonNull(wireFormat, "wireFormat");
    Objects.requireNonNull(content, "content");
    auth.checkMatches(content.contentType());
  }

  @Override
  public void encode(TlsWriter writer) {
    wireFormat.encode(writer);
    writer.write(content).write(auth);
  }

  /** {@code FramedContentTBS} of this content in its wire format (§6.1); see {@link FramedContent#toBeSigned}. */
  public byte[] toBeSigned(GroupContext context) {
    return content.toBeSigned(wireFormat, context);
  }

  public static AuthenticatedContent decode(TlsReader reader) {
    WireFormat wireFormat = WireFormat.decode(reader);
    FramedContent content = FramedContent.decode(reader);
    return new AuthenticatedContent(wireFormat, content,
        FramedContentAuthData.decode(reader, content.contentType()));
  }
}
