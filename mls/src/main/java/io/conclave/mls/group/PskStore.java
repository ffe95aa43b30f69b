package io.conclave.mls.group;

import io.conclave.mls.crypto.SecretBytes;
import java.util.Optional;

/**
 * External pre-shared keys (RFC 9420 §8.4) the application agreed on out of band, by
 * {@code psk_id}. The group reads the returned secret and never destroys it.
 */
@FunctionalInterface
public interface PskStore {

  PskStore NONE = pskId -> Optional.empty();

  Optional<SecretBytes> find(byte[] pskId);
}
