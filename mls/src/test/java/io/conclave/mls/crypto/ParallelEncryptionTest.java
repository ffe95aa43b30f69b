package io.conclave.mls.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conclave.mls.CryptoException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelEncryptionTest {
  private final CipherSuite suite = CipherSuites.get(1);

  @Test
  void resultsKeepTheirOrderAndEachDecryptsWithItsOwnKey() {
    List<HpkeKeyPair> keys = IntStream.range(0, 40).mapToObj(i -> suite.generateHpkeKeyPair()).toList();
    byte[] context = {1, 2, 3};
    List<HpkeCiphertext> sealed = ParallelEncryption.map(keys.size(),
        i -> suite.encryptWithLabel(keys.get(i).publicKey(), "UpdatePathNode", context, new byte[] {(byte) i}));
    assertThat(sealed).hasSize(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      byte[] opened = suite.decryptWithLabel(keys.get(i).privateKey(), "UpdatePathNode", context, sealed.get(i));
      assertThat(opened).containsExactly((byte) i);
    }
  }

  @Test
  void largeBatchesUseMoreThanTheCallingThreadWhenCoresAllowIt() {
    Set<Thread> workers = ConcurrentHashMap.newKeySet();
    ParallelEncryption.map(200, i -> {
      workers.add(Thread.currentThread());
      return suite.encryptWithLabel(suite.generateHpkeKeyPair().publicKey(), "x", new byte[0], new byte[0]);
    });
    if (Runtime.getRuntime().availableProcessors() > 1) {
      assertThat(workers).hasSizeGreaterThan(1);
    }
  }

  @Test
  void smallBatchesStayOnTheCallingThread() {
    Set<Thread> workers = ConcurrentHashMap.newKeySet();
    ParallelEncryption.map(ParallelEncryption.SEQUENTIAL_BELOW - 1, i -> {
      workers.add(Thread.currentThread());
      return i;
    });
    assertThat(workers).containsExactly(Thread.currentThread());
  }

  @Test
  void aFailingItemFailsTheBatchWithItsOwnError() {
    byte[] good = suite.generateHpkeKeyPair().publicKey();
    assertThatThrownBy(() -> ParallelEncryption.map(50,
        i -> suite.encryptWithLabel(i == 37 ? new byte[] {1, 2} : good, "x", new byte[0], new byte[0])))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void anEmptyBatchIsEmpty() {
    assertThat(ParallelEncryption.map(0, i -> i)).isEmpty();
  }
}
