package io.conclave.bench.mls;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.framing.AuthenticatedContent;
import io.conclave.mls.framing.Content;
import io.conclave.mls.framing.ContentAuthentication;
import io.conclave.mls.framing.FramedContent;
import io.conclave.mls.framing.PrivateMessage;
import io.conclave.mls.framing.PrivateMessageProtection;
import io.conclave.mls.framing.Sender;
import io.conclave.mls.framing.WireFormat;
import io.conclave.mls.schedule.GroupContext;
import io.conclave.mls.secrettree.SecretTree;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * PrivateMessage protect and unprotect of an application message (RFC 9420 §6.3), including the
 * Ed25519 signature and its verification, which dominate the cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PrivateMessageBenchmark {
  @Param({"100", "1000"})
  int size;

  private final SecureRandom random = new SecureRandom();
  private CipherSuite suite;
  private GroupContext context;
  private SignatureKeyPair signer;
  private byte[] encryptionSecret;
  private SecretBytes senderDataSecret;
  private SecretTree senderTree;
  private SecretTree receiverTree;
  private LongFunction<byte[]> keys;
  private FramedContent content;
  private PrivateMessage message;

  @Setup(Level.Trial)
  public void setup() {
    suite = CipherSuites.get(1);
    context = new GroupContext(1, 1, new byte[16], 7, new byte[32], new byte[32], List.of());
    signer = suite.generateSignatureKeyPair();
    byte[] publicKey = signer.publicKey();
    keys = leaf -> leaf == 1 ? publicKey : null;
    encryptionSecret = new byte[32];
    senderDataSecret = SecretBytes.wrap(new byte[32]);
    content = new FramedContent(new byte[16], 7, new Sender.Member(1), new byte[0],
        new Content.ApplicationData(new byte[size]));
    senderTree = new SecretTree(suite, SecretBytes.copyOf(encryptionSecret), 2);
  }

  /** Each unprotect needs a message whose key has not been consumed yet: a fresh one per call. */
  @Setup(Level.Invocation)
  public void nextMessage() {
    receiverTree = new SecretTree(suite, SecretBytes.copyOf(encryptionSecret), 2);
    SecretTree tree = new SecretTree(suite, SecretBytes.copyOf(encryptionSecret), 2);
    message = PrivateMessageProtection.protect(suite, sign(), tree, senderDataSecret, 0, random);
  }

  private AuthenticatedContent sign() {
    return ContentAuthentication.sign(suite, signer.privateKey(), WireFormat.PRIVATE_MESSAGE, content, context,
        Optional.empty());
  }

  @Benchmark
  public PrivateMessage protect() {
    return PrivateMessageProtection.protect(suite, sign(), senderTree, senderDataSecret, 0, random);
  }

  @Benchmark
  public AuthenticatedContent unprotect() {
    return PrivateMessageProtection.unprotect(suite, message, receiverTree, senderDataSecret, context, keys);
  }
}
