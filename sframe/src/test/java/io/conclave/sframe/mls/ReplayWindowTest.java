package io.conclave.sframe.mls;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.sframe.ReplayedCounterException;
import org.junit.jupiter.api.Test;

/** The sliding replay window (RFC 9605 §9.3, RFC 3711 §3.3.2). */
class ReplayWindowTest {

  private static void accept(ReplayWindow w, long counter) {
    w.check(counter);
    w.accept(counter);
  }

  @Test
  void duplicatesAreRefusedAndReorderingInsideTheWindowIsAccepted() {
    ReplayWindow w = new ReplayWindow(128);
    accept(w, 10);
    accept(w, 12);
    accept(w, 11);
    assertThatThrownBy(() -> w.check(11)).isInstanceOf(ReplayedCounterException.class);
    assertThatThrownBy(() -> w.check(12)).isInstanceOf(ReplayedCounterException.class);
    assertThatCode(() -> w.check(9)).doesNotThrowAnyException();
  }

  @Test
  void counterOlderThanTheWindowIsRefused() {
    ReplayWindow w = new ReplayWindow(128);
    accept(w, 200);
    assertThatCode(() -> w.check(73)).doesNotThrowAnyException();
    assertThatThrownBy(() -> w.check(72)).isInstanceOf(ReplayedCounterException.class);
  }

  @Test
  void slidingAcrossWordsKeepsWhatWasSeen() {
    ReplayWindow w = new ReplayWindow(256);
    for (long c = 0; c < 100; c += 3) {
      accept(w, c);
    }
    accept(w, 170);
    for (long c = 0; c < 100; c++) {
      long counter = c;
      if (c % 3 == 0) {
        assertThatThrownBy(() -> w.check(counter)).isInstanceOf(ReplayedCounterException.class);
      } else {
        assertThatCode(() -> w.check(counter)).doesNotThrowAnyException();
      }
    }
    accept(w, 1000);
    assertThatCode(() -> w.check(999)).doesNotThrowAnyException();
    assertThatThrownBy(() -> w.check(170)).isInstanceOf(ReplayedCounterException.class);
  }

  @Test
  void unsignedCountersNearTheTop() {
    ReplayWindow w = new ReplayWindow(64);
    accept(w, -2L);
    accept(w, -1L);
    assertThatThrownBy(() -> w.check(-2L)).isInstanceOf(ReplayedCounterException.class);
    assertThatThrownBy(() -> w.check(5)).isInstanceOf(ReplayedCounterException.class);
  }
}
