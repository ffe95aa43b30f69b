package io.conclave.mls.framing;

import io.conclave.mls.codec.TlsWriter;
import io.conclave.mls.crypto.CipherSuite;

/**
 * The confirmed and interim transcript hashes (RFC 9420 §8.2), which chain every commit of a
 * group's history into the GroupContext.
 */
public final class TranscriptHashes {
  private TranscriptHashes() {}

  /**
   * {@code confirmed_transcript_hash = Hash(interim_transcript_hash_before ||
   * ConfirmedTranscriptHashInput)}, where the input is the commit's wire format, framed content and
   * signature.
   */
  public static byte[] confirmed(CipherSuite suite, byte[] interimBefore, AuthenticatedContent commit) {
    if (commit.content().contentType() != ContentType.COMMIT) {
      throw new IllegalArgumentException("transcript hashes cover commits only");
    }
    TlsWriter w = new TlsWriter(interimBefore.length + 512);
    w.writeFixed(interimBefore);
    commit.wireFormat().encode(w);
    w.write(commit.content()).writeOpaque(commit.auth().signature());
    return suite.hash(w.toByteArray());
  }

  /**
   * {@code interim_transcript_hash = Hash(confirmed_transcript_hash || InterimTranscriptHashInput)},
   * the input being the commit's confirmation tag.
   */
  public static byte[] interim(CipherSuite suite, byte[] confirmed, byte[] confirmationTag) {
    TlsWriter w = new TlsWriter(confirmed.length + confirmationTag.length + 4);
    w.writeFixed(confirmed).writeOpaque(confirmationTag);
    return suite.hash(w.toByteArray());
  }
}
