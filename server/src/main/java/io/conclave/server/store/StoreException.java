package io.conclave.server.store;

/** The database failed; the message says which operation, never with stored values. */
public final class StoreException extends RuntimeException {
  public StoreException(String operation, Throwable cause) {
    super("database: " + operation + " failed", cause);
  }
}
