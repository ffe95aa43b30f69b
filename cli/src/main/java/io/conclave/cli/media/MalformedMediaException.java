package io.conclave.cli.media;

/**
 * A media file is not well formed: a bad signature or version, a length over its bound, a
 * checksum mismatch, a truncated structure. I/O failures are {@link java.io.UncheckedIOException}.
 */
public final class MalformedMediaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedMediaException(String message) {
    super(message);
  }
}
