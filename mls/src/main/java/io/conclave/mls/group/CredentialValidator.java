package io.conclave.mls.group;

import io.conclave.mls.Rule;
import io.conclave.mls.credential.Credential;
import java.util.Arrays;

/**
 * The application's authentication service (RFC 9420 §5.3.1): decides whether a credential is
 * acceptable for the signature key it is presented with. The group calls it for every leaf that
 * enters or changes in the tree (Add, Update, a commit's path, every leaf of a tree it joins) and
 * rejects the message with {@link Rule#CREDENTIAL} when it returns false.
 *
 * <p>Where a member's leaf is <em>replaced</em> the group also asks {@link #isValidSuccessor}
 * (§5.3.1: "the AS MUST also verify that the set of presented identifiers in the new credential is
 * valid as a successor to the set of presented identifiers in the old credential").
 */
@FunctionalInterface
public interface CredentialValidator {

  /**
   * The default of {@link GroupConfig.Builder}: fails closed. Accepts only {@code basic}
   * credentials with a non-empty identity; refuses {@code x509} and every other credential type, so
   * an application that uses certificates must give a validator that checks them (the library
   * itself only checks that an x509 end-entity key is the leaf's signature key,
   * {@link Rule#X509_END_ENTITY_KEY}).
   *
   * <p>It does <strong>not</strong> authenticate anyone: a {@code basic} identity is a claim that
   * nothing binds to the signature key, so anyone can present any name. An application must
   * authenticate members some other way (e.g. comparing {@link Group#epochAuthenticator()} or key
   * fingerprints out of band) or give its own validator (§5.3.1, §16.10).
   */
  CredentialValidator BASIC_ONLY = (credential, signatureKey) ->
      credential instanceof Credential.Basic basic && basic.identity().length > 0;

  /**
   * Accepts every credential of every type. For tests and conformance vectors only (not the
   * default of {@link GroupConfig}): it lets anyone impersonate anyone. Successors keep the
   * fail-closed default of {@link #isValidSuccessor}.
   */
  CredentialValidator ACCEPT_ALL = (credential, signatureKey) -> true;

  boolean isValid(Credential credential, byte[] signatureKey);

  /**
   * Whether {@code newCredential} (with {@code newSignatureKey}) may replace {@code oldCredential}
   * (with {@code oldSignatureKey}) in a member's leaf (RFC 9420 §5.3.1). Asked, after
   * {@link #isValid} accepted the new credential, for:
   *
   * <ul>
   *   <li>an Update proposal (§12.1.2) whose leaf changes the credential or the signature key,
   *       rejected with {@link Rule#CREDENTIAL_SUCCESSOR};
   *   <li>the committer's leaf in a commit's UpdatePath (§12.4.2) when it changes the credential or
   *       the signature key, rejected with {@link Rule#CREDENTIAL_SUCCESSOR};
   *   <li>always, for the leaf that an external ("resync") commit removes, against the joiner's
   *       path leaf (§12.2, §12.4.3.2), rejected with {@link Rule#EXTERNAL_REMOVE_NOT_SELF}.
   * </ul>
   *
   * <p>The default <strong>fails closed</strong>: it is true only if both credentials are equal
   * (same credential type and same encoding), whatever the signature keys. An application whose
   * members rotate credentials (e.g. renewed X.509 certificates) must override it. It relies on
   * {@link #isValid} binding the new credential to the new signature key: with {@link #ACCEPT_ALL}
   * anyone who copies a member's {@code basic} credential passes it, e.g. in a resync that removes
   * that member.
   */
  default boolean isValidSuccessor(Credential oldCredential, byte[] oldSignatureKey, Credential newCredential,
      byte[] newSignatureKey) {
    return oldCredential.credentialType() == newCredential.credentialType()
        && Arrays.equals(oldCredential.toBytes(), newCredential.toBytes());
  }
}
