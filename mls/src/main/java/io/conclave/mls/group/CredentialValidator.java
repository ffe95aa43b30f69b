package io.conclave.mls.group;

import io.conclave.mls.credential.Credential;

/**
 * The application's authentication service (RFC 9420 §5.3.1): decides whether a credential is
 * acceptable for the signature key it is presented with. The group calls it for every leaf that
 * enters or changes in the tree (Add, Update, a commit's path, every leaf of a tree it joins) and
 * rejects the message with {@link GroupRules#CREDENTIAL} when it returns false.
 */
@FunctionalInterface
public interface CredentialValidator {

  /** Accepts every credential. Only for tests: it lets anyone impersonate anyone. */
  CredentialValidator ACCEPT_ALL = (credential, signatureKey) -> true;

  boolean isValid(Credential credential, byte[] signatureKey);
}
