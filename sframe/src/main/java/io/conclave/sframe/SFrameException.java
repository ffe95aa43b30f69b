package io.conclave.sframe;

/**
 * The one exception family a caller of the SFrame module has to handle. Unchecked.
 *
 * <p>Every rejection of untrusted input (a received frame) or of a send that would break a rule of
 * RFC 9605 is one of the subclasses. Misuse by the calling code (a buffer too small, a negative
 * length, a configuration out of range) is reported with the ordinary
 * {@link IllegalArgumentException} / {@link IllegalStateException} and is not part of this family.
 *
 * <p>RFC 9605 §4.4.4: a frame that fails for any reason other than an unknown KID must be
 * discarded; {@link UnknownKeyIdException} is the only one a receiver may buffer and retry.
 */
public abstract sealed class SFrameException extends RuntimeException
    permits MalformedFrameException,
        AuthenticationFailedException,
        UnknownKeyIdException,
        ReplayedCounterException,
        EpochExpiredException,
        SenderNotInRosterException,
        CounterExhaustedException {

  protected SFrameException(String message) {
    super(message);
  }

  protected SFrameException(String message, Throwable cause) {
    super(message, cause);
  }
}
