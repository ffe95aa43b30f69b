package io.conclave.mls.keypackage;

/** Rule ids of KeyPackage validation (RFC 9420 §10.1), for {@link io.conclave.mls.ProtocolException#rule()}. */
public final class KeyPackageRules {
  private KeyPackageRules() {}

  /** §10.1: the protocol version matches the group's. */
  public static final String VERSION = "RFC9420 §10.1 version";
  /** §10.1: the cipher suite matches the group's. */
  public static final String CIPHER_SUITE = "RFC9420 §10.1 cipher-suite";
  /** §10.1: the KeyPackage signature verifies under the leaf's signature key. */
  public static final String SIGNATURE = "RFC9420 §10.1 signature";
  /** §10.1: {@code init_key} differs from the leaf's {@code encryption_key}. */
  public static final String INIT_KEY = "RFC9420 §10.1 init-key-distinct";
  /** §10.1, §5.1.3: {@code init_key} is malformed, off the curve, or a low-order X25519/X448 point. */
  public static final String INIT_KEY_INVALID = "RFC9420 §10.1 init-key-invalid";
  /** §10: a KeyPackage extension whose type the leaf's capabilities do not list. */
  public static final String EXTENSION_CAPABILITIES = "RFC9420 §10 key-package-extension-capabilities";
  /** §13.4: the KeyPackage's extensions list an extension type twice. */
  public static final String DUPLICATE_EXTENSION = "RFC9420 §13.4 key-package-duplicate-extension";
  /** §7.2: the leaf's capabilities list the group's version and cipher suite. */
  public static final String CAPABILITIES = "RFC9420 §7.2 capabilities-version-suite";
}
