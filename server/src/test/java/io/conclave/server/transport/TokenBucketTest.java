package io.conclave.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  @Test
  void allowsTheBurstThenTheRate() {
    TokenBucket bucket = new TokenBucket(new RateLimit(10, 3), 0);
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isFalse();
    assertThat(bucket.tryTake(50_000_000L)).isFalse();
    assertThat(bucket.tryTake(100_000_000L)).isTrue();
    assertThat(bucket.tryTake(10_000_000_000L)).isTrue();
    assertThat(bucket.tryTake(10_000_000_000L)).isTrue();
    assertThat(bucket.tryTake(10_000_000_000L)).isTrue();
    assertThat(bucket.tryTake(10_000_000_000L)).as("never more than the burst").isFalse();
  }
}
