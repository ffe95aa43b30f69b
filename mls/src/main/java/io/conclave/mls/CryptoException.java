package io.conclave.mls;

/** A cryptographic operation failed: a bad signature, a tag that does not verify, an invalid key. */
public final class CryptoException extends MlsException {

  public CryptoException(String message) {
    super(message);
  }

  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
