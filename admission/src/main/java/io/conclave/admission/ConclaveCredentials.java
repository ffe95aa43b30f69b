package io.conclave.admission;

import io.conclave.mls.credential.Credential;
import io.conclave.mls.group.CredentialValidator;
import java.security.MessageDigest;

/**
 * Conclave's authentication service (RFC 9420 §5.3.1): members present basic credentials (their
 * display name; who they are is established by the admission rules, the security code and the key
 * fingerprints, not by the credential), and a member's leaf may be replaced (Update, commit path)
 * only by one with the same credential and the same signature key: nobody takes over another's
 * identity or key mid-meeting.
 */
public final class ConclaveCredentials implements CredentialValidator {
  public static final ConclaveCredentials INSTANCE = new ConclaveCredentials();

  private ConclaveCredentials() {}

  @Override
  public boolean isValid(Credential credential, byte[] signatureKey) {
    return credential instanceof Credential.Basic basic && basic.identity().length > 0;
  }

  @Override
  public boolean isValidSuccessor(Credential oldCredential, byte[] oldSignatureKey, Credential newCredential,
      byte[] newSignatureKey) {
    return oldCredential.equals(newCredential) && MessageDigest.isEqual(oldSignatureKey, newSignatureKey);
  }
}
