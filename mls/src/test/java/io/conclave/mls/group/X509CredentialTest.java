package io.conclave.mls.group;

import static io.conclave.mls.group.TestClients.credential;
import static io.conclave.mls.testing.RuleAssertions.assertRule;
import static org.assertj.core.api.Assertions.assertThat;

import io.conclave.mls.Rule;
import io.conclave.mls.credential.Certificate;
import io.conclave.mls.credential.Credential;
import io.conclave.mls.crypto.CipherSuite;
import io.conclave.mls.crypto.CipherSuites;
import io.conclave.mls.crypto.SecretBytes;
import io.conclave.mls.crypto.SignatureKeyPair;
import io.conclave.mls.extension.ExternalSender;
import io.conclave.mls.extension.ExternalSenders;
import io.conclave.mls.framing.MlsMessage;
import io.conclave.mls.keypackage.KeyPackageBundle;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.junit.jupiter.api.Test;

/**
 * RFC 9420 §5.3: an {@code x509} credential's end-entity certificate carries the leaf's signature
 * key. Self-signed Ed25519 certificates (built with Bouncy Castle's ASN.1 classes, signed with the
 * JDK); the relay's Add proposals reach alice as a receiver. Also the fail-closed default validator
 * (issue 11 item 4): x509 is refused unless the application gives a validator.
 */
class X509CredentialTest {
  private static final ASN1ObjectIdentifier ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

  private final CipherSuite suite = CipherSuites.get(1);
  private final SignatureKeyPair server = suite.generateSignatureKeyPair();

  /** A self-signed Ed25519 certificate for {@code keys}, DER. */
  static byte[] selfSigned(KeyPair keys, String name) throws Exception {
    AlgorithmIdentifier alg = new AlgorithmIdentifier(ED25519);
    V3TBSCertificateGenerator gen = new V3TBSCertificateGenerator();
    gen.setSerialNumber(new org.bouncycastle.asn1.ASN1Integer(BigInteger.ONE));
    gen.setSignature(alg);
    gen.setIssuer(new X500Name("CN=" + name));
    gen.setSubject(new X500Name("CN=" + name));
    long now = System.currentTimeMillis();
    gen.setStartDate(new Time(new Date(now - 3_600_000)));
    gen.setEndDate(new Time(new Date(now + 86_400_000)));
    gen.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
    TBSCertificate tbs = gen.generateTBSCertificate();
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(keys.getPrivate());
    signer.update(tbs.getEncoded("DER"));
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(tbs);
    v.add(alg);
    v.add(new DERBitString(signer.sign()));
    return new DERSequence(v).getEncoded("DER");
  }

  /** The JDK key pair as an MLS signature key pair: raw 32-byte public key, raw private seed. */
  static SignatureKeyPair mlsKeys(KeyPair keys) {
    byte[] spki = keys.getPublic().getEncoded();
    byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    byte[] seed = ((EdECPrivateKey) keys.getPrivate()).getBytes().orElseThrow();
    return new SignatureKeyPair(SecretBytes.copyOf(seed), raw);
  }

  private Group receiver(GroupConfig config) {
    return Group.create(suite, "x509".getBytes(StandardCharsets.UTF_8), credential("alice"),
        suite.generateSignatureKeyPair(),
        List.of(new ExternalSenders(List.of(new ExternalSender(server.publicKey(), credential("relay")))).toExtension()),
        config);
  }

  private MlsMessage relayAdd(Group group, Credential credential, SignatureKeyPair leafKeys) {
    KeyPackageBundle kp = KeyPackageBundle.create(suite, credential, leafKeys, java.time.InstantSource.system(),
        Duration.ofDays(1));
    return ExternalProposals.add(suite, group.groupId(), group.epoch(), 0, server.privateKey(), kp.keyPackage());
  }

  private static GroupConfig acceptingX509() {
    return GroupConfig.builder().proposalPolicy(ProposalPolicy.ACCEPT_ALL)
        .credentialValidator(CredentialValidator.ACCEPT_ALL).build();
  }

  @Test
  void certificateOfTheLeafsKeyIsAccepted() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Credential.X509 cert = new Credential.X509(List.of(new Certificate(selfSigned(keys, "dave"))));
    assertThat(cert.endEntityPublicKey()).isEqualTo(mlsKeys(keys).publicKey());
    Group alice = receiver(acceptingX509());
    assertThat(alice.process(relayAdd(alice, cert, mlsKeys(keys)))).isInstanceOf(ProcessResult.ProposalStored.class);
  }

  /** Mallory presents dave's certificate with her own signature key: refused even by a lax validator. */
  @Test
  void certificateOfAnotherKeyIsRefused() throws Exception {
    KeyPair dave = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Credential.X509 cert = new Credential.X509(List.of(new Certificate(selfSigned(dave, "dave"))));
    Group alice = receiver(acceptingX509());
    MlsMessage add = relayAdd(alice, cert, suite.generateSignatureKeyPair());
    assertRule(() -> alice.process(add), Rule.X509_END_ENTITY_KEY);
  }

  @Test
  void certificateThatDoesNotParseOrAnEmptyChainIsRefused() {
    Group alice = receiver(acceptingX509());
    MlsMessage garbage = relayAdd(alice, new Credential.X509(List.of(new Certificate(new byte[] {0x30, 3, 1, 2, 3}))),
        suite.generateSignatureKeyPair());
    assertRule(() -> alice.process(garbage), Rule.X509_END_ENTITY_KEY);
    MlsMessage empty = relayAdd(alice, new Credential.X509(List.of()), suite.generateSignatureKeyPair());
    assertRule(() -> alice.process(empty), Rule.X509_END_ENTITY_KEY);
  }

  /** Issue 11 item 4: without a validator of its own, a group refuses x509 and empty basic identities. */
  @Test
  void defaultValidatorFailsClosed() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Credential.X509 cert = new Credential.X509(List.of(new Certificate(selfSigned(keys, "dave"))));
    GroupConfig defaults = GroupConfig.builder().proposalPolicy(ProposalPolicy.ACCEPT_ALL).build();
    assertThat(defaults.credentialValidator()).isSameAs(CredentialValidator.BASIC_ONLY);
    Group alice = receiver(defaults);
    MlsMessage x509 = relayAdd(alice, cert, mlsKeys(keys));
    assertRule(() -> alice.process(x509), Rule.CREDENTIAL);
    MlsMessage anonymous = relayAdd(alice, new Credential.Basic(new byte[0]), suite.generateSignatureKeyPair());
    assertRule(() -> alice.process(anonymous), Rule.CREDENTIAL);
    MlsMessage named = relayAdd(alice, credential("erin"), suite.generateSignatureKeyPair());
    assertThat(alice.process(named)).isInstanceOf(ProcessResult.ProposalStored.class);
  }
}
