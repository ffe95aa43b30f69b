package io.conclave.sframe.media;

import io.conclave.sframe.mls.MlsSFrameContext;
import java.util.Arrays;
import java.util.Objects;

/**
 * Protects and unprotects whole Conclave media frames:
 * {@code MediaFrameHeader (8 bytes) || SFrame header || AEAD ciphertext || tag}, where the 8 header
 * bytes are the SFrame metadata and the keys come from an {@link MlsSFrameContext}.
 *
 * <p>The array methods with offsets allocate nothing of their own; the {@code byte[]} methods are
 * conveniences that allocate their results. <b>Not thread-safe</b>, like the context it wraps.
 */
public final class MediaFrameCodec {
  private final MlsSFrameContext sframe;

  public MediaFrameCodec(MlsSFrameContext sframe) {
    this.sframe = Objects.requireNonNull(sframe, "sframe");
  }

  public MlsSFrameContext sframe() {
    return sframe;
  }

  /** An output size always enough for a payload of {@code payloadLength} bytes. */
  public int maxFrameLength(int payloadLength) {
    return MediaFrameHeader.LENGTH + sframe.maxFrameLength(payloadLength);
  }

  /**
   * Writes the protected frame for {@code header} and {@code payload[off, off+len)} at
   * {@code out[outOff]} and returns its length.
   */
  public int protect(MediaFrameHeader header, byte[] payload, int off, int len,
      byte[] out, int outOff) {
    header.encodeTo(out, outOff);
    return MediaFrameHeader.LENGTH + sframe.protect(out, outOff, MediaFrameHeader.LENGTH,
        payload, off, len, out, outOff + MediaFrameHeader.LENGTH);
  }

  /**
   * Decrypts the frame {@code frame[off, off+len)}, writes the payload at {@code out[outOff]} and
   * returns its length. Only after it returns may the caller use the header
   * ({@link MediaFrameHeader#decode}) and {@code sframe().lastSenderIndex()}.
   *
   * @throws io.conclave.sframe.SFrameException if the frame is malformed, unknown, replayed or
   *     was changed in any byte
   */
  public int unprotect(byte[] frame, int off, int len, byte[] out, int outOff) {
    MediaFrameHeader.validate(frame, off, len);
    return sframe.unprotect(frame, off, MediaFrameHeader.LENGTH,
        frame, off + MediaFrameHeader.LENGTH, len - MediaFrameHeader.LENGTH, out, outOff);
  }

  /** Allocating form of {@link #protect(MediaFrameHeader, byte[], int, int, byte[], int)}. */
  public byte[] protect(MediaFrameHeader header, byte[] payload) {
    byte[] out = new byte[maxFrameLength(payload.length)];
    return Arrays.copyOf(out, protect(header, payload, 0, payload.length, out, 0));
  }

  /** Allocating form of {@link #unprotect(byte[], int, int, byte[], int)}. */
  public MediaFrame unprotect(byte[] frame) {
    byte[] payload = new byte[Math.max(0, frame.length - MediaFrameHeader.LENGTH)];
    int n = unprotect(frame, 0, frame.length, payload, 0);
    return new MediaFrame(MediaFrameHeader.decode(frame, 0, frame.length),
        sframe.lastSenderIndex(), sframe.lastEpoch(), Arrays.copyOf(payload, n));
  }
}
