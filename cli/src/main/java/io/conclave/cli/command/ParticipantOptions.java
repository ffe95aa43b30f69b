package io.conclave.cli.command;

import io.conclave.client.MeetingClientConfig;
import io.conclave.client.identity.DeviceIdentity;
import io.conclave.client.identity.PinStore;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.client.MeetingClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options every participant command shares: who it is and how long it waits to be admitted. */
final class ParticipantOptions {
  @Option(names = "--identity", description = "key file, created if missing (default: a fresh key for this run)")
  Path identityFile;

  @Option(names = "--pins", description = "file of pinned keys (name → key), created if missing (default: in memory)")
  Path pinsFile;

  @Option(names = "--join-timeout", description = "seconds to wait to be admitted (default ${DEFAULT-VALUE})")
  long joinTimeoutSeconds = 60;

  DeviceIdentity identity(String name) throws IOException {
    return identityFile == null
        ? DeviceIdentity.ephemeral(name, CipherSuites.get(MeetingClient.CIPHER_SUITE))
        : DeviceIdentity.loadOrCreate(identityFile, name, CipherSuites.get(MeetingClient.CIPHER_SUITE));
  }

  MeetingClientConfig config() throws IOException {
    return MeetingClientConfig.builder()
        .pinStore(pinsFile == null ? PinStore.inMemory() : PinStore.open(pinsFile))
        .build();
  }

  Duration joinTimeout() {
    return Duration.ofSeconds(joinTimeoutSeconds);
  }
}
