package io.conclave.bench.sframe;

import io.conclave.sframe.SFrameSecret;
import io.conclave.sframe.context.KeyContext;
import io.conclave.sframe.media.MediaFrameCodec;
import io.conclave.sframe.media.MediaFrameHeader;
import io.conclave.sframe.media.Track;
import io.conclave.sframe.mls.MlsSFrameConfig;
import io.conclave.sframe.mls.MlsSFrameContext;
import io.conclave.sframe.suite.CipherSuite;
import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Media frames with SFrame suite 0x0004 ({@code ours*}) against raw JDK AES-128-GCM
 * ({@code raw*}): same payload, same 8-byte additional data, one {@code Cipher} per key,
 * {@code init} with a fresh IV per encrypted frame, output into a preallocated array.
 *
 * <ul>
 *   <li>{@code *Encrypt}: ours is the full send path ({@link MediaFrameCodec#protect}: counter,
 *       SFrame header, media header, AEAD).
 *   <li>{@code *Decrypt}: one fixed frame decrypted again and again, so ours is
 *       {@link KeyContext#decrypt} (header parse, KID check, nonce, AEAD); the MLS receive path
 *       would refuse the replay.
 *   <li>{@code *RoundTrip}: encrypt then decrypt a fresh frame; ours is the full send and receive
 *       path including epoch lookup, roster check and replay window.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SFrameBenchmark {
  private static final CipherSuite SUITE = CipherSuite.AES_128_GCM_SHA256_128;
  private static final int TAG_BITS = 128;

  @Param({"100", "1200", "16384", "65536"})
  public int size;

  private byte[] payload;
  private byte[] out;
  private byte[] plain;

  private MediaFrameCodec sender;
  private MediaFrameCodec receiver;
  private MediaFrameHeader header;
  private KeyContext oursDecryptKey;
  private byte[] oursFrame;
  private int oursFrameLength;
  private byte[] mediaHeader;

  private Cipher raw;
  private SecretKeySpec rawKey;
  private byte[] rawIv;
  private long rawCounter;
  private byte[] rawFrame;
  private int rawFrameLength;
  private byte[] rawFrameIv;

  @Setup
  public void setUp() throws GeneralSecurityException {
    Random random = new Random(42);
    payload = new byte[size];
    random.nextBytes(payload);
    byte[] baseKey = new byte[SUITE.nk()];
    random.nextBytes(baseKey);

    MlsSFrameConfig config = MlsSFrameConfig.builder().suite(SUITE).build();
    MlsSFrameContext alice = MlsSFrameContext.create(config, 0);
    MlsSFrameContext bob = MlsSFrameContext.create(config, 1);
    alice.addEpoch(1, SFrameSecret.copyOf(baseKey), 2, new int[] {0, 1});
    bob.addEpoch(1, SFrameSecret.copyOf(baseKey), 2, new int[] {0, 1});
    sender = new MediaFrameCodec(alice);
    receiver = new MediaFrameCodec(bob);
    header = new MediaFrameHeader(Track.CAMERA_VIDEO, false, 0, 0, 1);
    out = new byte[sender.maxFrameLength(size)];
    plain = new byte[size];

    mediaHeader = new byte[MediaFrameHeader.LENGTH];
    header.encodeTo(mediaHeader, 0);
    oursDecryptKey = KeyContext.derive(SUITE, 5, SFrameSecret.copyOf(baseKey));
    oursFrame = new byte[size + oursDecryptKey.overhead(1000)];
    oursFrameLength = oursDecryptKey.encrypt(1000, mediaHeader, 0, mediaHeader.length,
        payload, 0, size, oursFrame, 0);

    raw = Cipher.getInstance("AES/GCM/NoPadding");
    rawKey = new SecretKeySpec(baseKey, "AES");
    rawIv = new byte[12];
    rawFrameIv = new byte[12];
    random.nextBytes(rawFrameIv);
    rawFrame = new byte[size + TAG_BITS / 8];
    raw.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(TAG_BITS, rawFrameIv));
    raw.updateAAD(mediaHeader);
    rawFrameLength = raw.doFinal(payload, 0, size, rawFrame, 0);
  }

  @Benchmark
  public int oursEncrypt() {
    return sender.protect(header, payload, 0, size, out, 0);
  }

  @Benchmark
  public int rawEncrypt() throws GeneralSecurityException {
    nextRawIv();
    raw.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(TAG_BITS, rawIv));
    raw.updateAAD(mediaHeader, 0, mediaHeader.length);
    return raw.doFinal(payload, 0, size, out, 0);
  }

  @Benchmark
  public int oursDecrypt() {
    return oursDecryptKey.decrypt(mediaHeader, 0, mediaHeader.length,
        oursFrame, 0, oursFrameLength, plain, 0);
  }

  @Benchmark
  public int rawDecrypt() throws GeneralSecurityException {
    raw.init(Cipher.DECRYPT_MODE, rawKey, new GCMParameterSpec(TAG_BITS, rawFrameIv));
    raw.updateAAD(mediaHeader, 0, mediaHeader.length);
    return raw.doFinal(rawFrame, 0, rawFrameLength, plain, 0);
  }

  @Benchmark
  public int oursRoundTrip() {
    int n = sender.protect(header, payload, 0, size, out, 0);
    return receiver.unprotect(out, 0, n, plain, 0);
  }

  @Benchmark
  public int rawRoundTrip() throws GeneralSecurityException {
    int n = rawEncrypt();
    raw.init(Cipher.DECRYPT_MODE, rawKey, new GCMParameterSpec(TAG_BITS, rawIv));
    raw.updateAAD(mediaHeader, 0, mediaHeader.length);
    return raw.doFinal(out, 0, n, plain, 0);
  }

  /** A fresh IV per frame, as an SFrame counter gives: a big-endian counter in the last 8 bytes. */
  private void nextRawIv() {
    long c = ++rawCounter;
    for (int i = 0; i < 8; i++) {
      rawIv[11 - i] = (byte) (c >>> (8 * i));
    }
  }
}
