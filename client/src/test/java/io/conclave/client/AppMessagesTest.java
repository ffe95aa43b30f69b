package io.conclave.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The exact bytes of application message types 5–7 (docs/PROTOCOL.md; web/src/meeting/app-messages.test.ts checks the same). */
class AppMessagesTest {
  @Test
  void mediaStateMuteRequestAndRecordingEncodings() {
    assertThat(AppMessages.mediaState(true, false)).containsExactly(5, 1);
    assertThat(AppMessages.mediaState(false, true)).containsExactly(5, 2);
    assertThat(AppMessages.mediaState(true, true)).containsExactly(5, 3);
    assertThat(AppMessages.parseMediaState(new byte[] {(byte) 0xfc})).containsExactly(false, false);
    assertThat(AppMessages.parseMediaState(new byte[] {1, 0})).isNull();
    assertThat(AppMessages.muteRequest(258)).containsExactly(6, 0, 0, 1, 2);
    assertThat(AppMessages.parseMuteRequest(new byte[] {0, 0, 1, 2})).isEqualTo(258);
    assertThat(AppMessages.parseMuteRequest(new byte[] {1, 2, 3})).isEqualTo(-1);
    assertThat(AppMessages.recording(true)).containsExactly(7, 1);
    assertThat(AppMessages.parseRecording(new byte[] {0})).isZero();
    assertThat(AppMessages.parseRecording(new byte[] {2})).isEqualTo(-1);
  }
}
