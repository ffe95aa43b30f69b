package io.conclave.client.identity;

import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.crypto.SignatureKeyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * This device's participant: a display name and a signature key pair that persists across
 * meetings, so others can pin it. The key file is readable only by its owner (POSIX 0600) and is
 * refused if anyone else can read it. File format, UTF-8 lines:
 *
 * <pre>
 * conclave-device-identity v1
 * suite &lt;MLS cipher suite id&gt;
 * public &lt;base64 signature public key&gt;
 * private &lt;base64 signature private key&gt;
 * </pre>
 *
 * The name is chosen per meeting and is not stored. Not a record: it holds a private key.
 */
public final class DeviceIdentity {
  private static final String MAGIC = "conclave-device-identity v1";

  private final String name;
  private final SignatureKeyPair keys;

  private DeviceIdentity(String name, SignatureKeyPair keys) {
    this.name = requireName(name);
    this.keys = keys;
  }

  /** A fresh identity that lives only in memory (bots, tests). */
  public static DeviceIdentity ephemeral(String name, CipherSuite suite) {
    return new DeviceIdentity(name, suite.generateSignatureKeyPair());
  }

  /** Loads the key in {@code keyFile}, or creates it (mode 0600) with a fresh key pair. */
  public static DeviceIdentity loadOrCreate(Path keyFile, String name, CipherSuite suite) throws IOException {
    if (Files.exists(keyFile)) {
      return new DeviceIdentity(name, load(keyFile, suite));
    }
    SignatureKeyPair keys = suite.generateSignatureKeyPair();
    Base64.Encoder b64 = Base64.getEncoder();
    byte[] priv = keys.privateKey().copy();
    String text = MAGIC + "\nsuite " + suite.id() + "\npublic " + b64.encodeToString(keys.publicKey())
        + "\nprivate " + b64.encodeToString(priv) + "\n";
    Arrays.fill(priv, (byte) 0);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    PrivateFiles.write(keyFile, bytes);
    Arrays.fill(bytes, (byte) 0);
    return new DeviceIdentity(name, keys);
  }

  private static SignatureKeyPair load(Path keyFile, CipherSuite suite) throws IOException {
    byte[] raw = PrivateFiles.read(keyFile);
    List<String> lines = new String(raw, StandardCharsets.UTF_8).lines().toList();
    Arrays.fill(raw, (byte) 0);
    if (lines.size() != 4 || !lines.get(0).equals(MAGIC) || !lines.get(1).equals("suite " + suite.id())
        || !lines.get(2).startsWith("public ") || !lines.get(3).startsWith("private ")) {
      throw new IOException(keyFile + " is not a device identity of cipher suite " + suite.id());
    }
    try {
      byte[] pub = Base64.getDecoder().decode(lines.get(2).substring("public ".length()));
      byte[] priv = Base64.getDecoder().decode(lines.get(3).substring("private ".length()));
      return new SignatureKeyPair(SecretBytes.wrap(priv), pub);
    } catch (IllegalArgumentException e) {
      throw new IOException(keyFile + ": bad base64", e);
    }
  }

  public String name() {
    return name;
  }

  public SignatureKeyPair keys() {
    return keys;
  }

  public Fingerprint fingerprint() {
    return Fingerprint.of(keys.publicKey());
  }

  /** Same key, another display name. */
  public DeviceIdentity withName(String newName) {
    return new DeviceIdentity(newName, keys);
  }

  @Override
  public String toString() {
    return "DeviceIdentity[" + name + ", " + fingerprint() + "]";
  }

  private static String requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.getBytes(StandardCharsets.UTF_8).length > 128) {
      throw new IllegalArgumentException("a name is 1 to 128 bytes of UTF-8, not blank");
    }
    return name;
  }
}
