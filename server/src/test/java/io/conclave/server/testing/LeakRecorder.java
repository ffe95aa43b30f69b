package io.conclave.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records every leak Netty's detector reports (the server's tests run with paranoid detection, so
 * every buffer is tracked), so tests can assert that none happened instead of only logging them.
 */
public final class LeakRecorder {
  private static final List<String> LEAKS = Collections.synchronizedList(new ArrayList<>());

  private LeakRecorder() {}

  /** Must run before the first ByteBuf class is initialised: see {@link LeakRecordingSession}. */
  static void install() {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
      @Override
      public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
          long maxActive) {
        return new Recording<>(resource, samplingInterval);
      }
    });
  }

  private static final class Recording<T> extends ResourceLeakDetector<T> {
    Recording(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected boolean needReport() {
      return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      LEAKS.add(resourceType + records);
      super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      LEAKS.add(resourceType);
      super.reportUntracedLeak(resourceType);
    }
  }

  /**
   * Collects garbage, lets the detectors poll for collected unreleased buffers, and fails if any
   * leak was reported since the JVM started.
   */
  public static void assertNoLeaks() throws InterruptedException {
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16);
      pooled.release();
      ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
      unpooled.release();
    }
    assertThat(LEAKS).as("Netty buffer leaks").isEmpty();
  }
}
