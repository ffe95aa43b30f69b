package io.conclave.mls.group.state;

import io.conclave.mls.Rule;
import io.conclave.mls.ProtocolException;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.group.PskStore;
import io.conclave.mls.messages.PreSharedKeyId;
import io.conclave.mls.schedule.PskSecret;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Finds the PSKs a commit or Welcome names (RFC 9420 §8.4): external ones in the application's
 * {@link PskStore}, resumption ones among the {@code resumption_psk}s this group kept from its
 * recent epochs (§8.6). Keeps at most a configured number of past epochs; older ones are wiped.
 */
public final class PskResolver {
  private final PskStore store;
  private final int keptEpochs;
  private final byte[] groupId;
  private final TreeMap<Long, SecretBytes> resumption = new TreeMap<>(Long::compareUnsigned);

  public PskResolver(PskStore store, int keptEpochs, byte[] groupId) {
    this.store = Objects.requireNonNull(store, "store");
    this.keptEpochs = keptEpochs;
    this.groupId = groupId.clone();
  }

  /** Keeps a copy of {@code epoch}'s {@code resumption_psk}, dropping the oldest beyond the limit. */
  public void remember(long epoch, SecretBytes resumptionPsk) {
    SecretBytes old = resumption.put(epoch, SecretBytes.copyOf(resumptionPsk.unsafeView()));
    if (old != null) {
      old.destroy();
    }
    while (resumption.size() > keptEpochs) {
      resumption.pollFirstEntry().getValue().destroy();
    }
  }

  /** The kept resumption PSKs by epoch (for serialisation); the caller must not destroy them. */
  public Map<Long, SecretBytes> kept() {
    return Collections.unmodifiableMap(resumption);
  }

  /**
   * {@code psk_secret} for {@code ids} in order.
   *
   * @throws ProtocolException {@link Rule#PSK_UNKNOWN} if one of them is not available
   */
  public SecretBytes pskSecret(CipherSuite suite, List<PreSharedKeyId> ids) {
    if (ids.isEmpty()) {
      return PskSecret.none(suite);
    }
    List<PskSecret.Input> inputs = new ArrayList<>(ids.size());
    for (PreSharedKeyId id : ids) {
      inputs.add(new PskSecret.Input(id, find(id)));
    }
    return PskSecret.derive(suite, inputs);
  }

  private SecretBytes find(PreSharedKeyId id) {
    return switch (id) {
      case PreSharedKeyId.External e -> store.find(e.pskId())
          .orElseThrow(() -> new ProtocolException(Rule.PSK_UNKNOWN, "unknown external PSK"));
      case PreSharedKeyId.Resumption r -> {
        SecretBytes psk = Arrays.equals(r.pskGroupId(), groupId) ? resumption.get(r.pskEpoch()) : null;
        if (psk == null) {
          throw new ProtocolException(Rule.PSK_UNKNOWN,
              "no resumption PSK for epoch " + Long.toUnsignedString(r.pskEpoch()));
        }
        yield psk;
      }
    };
  }

  public void destroy() {
    resumption.values().forEach(SecretBytes::destroy);
    resumption.clear();
  }
}
