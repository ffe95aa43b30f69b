/**
 * The MLS group state machine (RFC 9420 §10–§14): creating a group, proposals, commits, joining
 * from a Welcome or by an external commit, application messages and exporters. {@link
 * io.conclave.mls.group.Group} is a member's API; {@link io.conclave.mls.group.PublicGroup} follows a
 * group without any secret, for the delivery service (commits and GroupInfos verified against the
 * public tree, §12.4.2, §12.4.3). The sub-packages are internals
 * ({@code proposals}: §12.1–§12.3 validation and application, {@code commit}: §12.4 creation and
 * processing, {@code join}: §12.4.3 Welcome and external joins, {@code state}: one epoch's state
 * and its serialisation).
 *
 * <h2>Usage</h2>
 *
 * <pre>{@code
 * CipherSuite suite = CipherSuites.get(1);
 * GroupConfig config = GroupConfig.builder()
 *     .credentialValidator((credential, signatureKey) -> myDirectory.accepts(credential, signatureKey))
 *     .build();
 *
 * // Alice creates the group.
 * SignatureKeyPair aliceKeys = suite.generateSignatureKeyPair();
 * Group alice = Group.create(suite, groupId, new Credential.Basic(aliceId), aliceKeys, config);
 *
 * // Bob publishes a KeyPackage (keeping the bundle's private keys).
 * KeyPackageBundle bob = KeyPackageBundle.create(suite, new Credential.Basic(bobId),
 *     suite.generateSignatureKeyPair(), config.clock(), Duration.ofDays(30));
 *
 * // Alice adds Bob: the commit goes to the delivery service, the Welcome to Bob.
 * CommitOutput out = alice.commit(CommitOptions.builder().add(bob.keyPackage()).build());
 * deliveryService.send(out.commit());
 * alice.mergePendingCommit();            // once the delivery service accepted the commit
 * // (alice.discardPendingCommit() if another commit of the same epoch won; then process that one)
 *
 * Group bobGroup = Group.joinFromWelcome(out.welcome().orElseThrow(), bob, Optional.empty(), config);
 *
 * // Application data.
 * MlsMessage ciphertext = alice.encryptApplication("hello".getBytes(UTF_8));
 * if (bobGroup.process(ciphertext) instanceof ProcessResult.ApplicationMessage m) {
 *   byte[] hello = m.data();
 * }
 *
 * // Exported key material for the media layer (RFC 9420 §8.5).
 * byte[] sframeBase = bobGroup.exportSecret("SFrame 1.0 Base Key", new byte[0], 32);
 *
 * // Anyone holding the GroupInfo (with external_pub and ratchet_tree) can join externally.
 * MlsMessage info = alice.groupInfo(true);
 * ExternalJoin carol = Group.joinExternally(info, carolCredential, carolKeys, config);
 * deliveryService.send(carol.commit());
 * // Members process it like any commit: ProcessResult.CommitApplied(newEpoch, committer, added, ...),
 * // but only if their GroupConfig allows external commits (default: refused, EXTERNAL_COMMIT_REFUSED).
 * // A commit reports who proposed what: CommitApplied.addedMembers() and .proposals().
 *
 * // A server listed in the external_senders extension (a group context extension given to
 * // Group.create) can propose removals. With the default ProposalPolicy.STRICT members refuse it
 * // (ProposalRefused); with a policy that accepts it they cache it (ProposalStored) and the next
 * // commit includes it by reference.
 * MlsMessage remove = ExternalProposals.remove(suite, groupId, epoch, 0, serverKeys.privateKey(),
 *     new LeafIndex(1));
 *
 * // State at rest: contains private keys, the caller must encrypt it.
 * byte[] saved = alice.toBytes();
 * Group restored = Group.fromBytes(saved, config);
 * }</pre>
 *
 * <p>Every failure is an {@link io.conclave.mls.MlsException}: a {@link
 * io.conclave.mls.ProtocolException} names the broken rule ({@link io.conclave.mls.Rule}).
 *
 * <p><b>The caller checks that a joined group's id is unique (RFC 9420 §12.4.3.1).</b> "New
 * members MUST verify that {@code group_id} is unique among the groups they are currently
 * participating in": the library has no view of the application's other groups, so
 * {@link Group#joinFromWelcome} and {@link Group#joinExternally} do not. After joining, compare
 * {@link Group#groupId()} with the ids of the groups this client is in and discard the new group
 * on a clash (or, like Conclave, require the id the application expects: a meeting's client
 * accepts a Welcome only if the group id is the meeting id).
 *
 * <p><b>Application data waits for pending proposals (RFC 9420 §12.4).</b> While valid proposals
 * are stored in an epoch ({@link Group#hasPendingProposals()}) {@link Group#encryptApplication}
 * refuses with {@link io.conclave.mls.Rule#PROPOSALS_PENDING}: commit first, then send. An
 * application queues data meanwhile.
 *
 * <p><b>Credentials.</b> Without a {@link GroupConfig.Builder#credentialValidator} a group uses
 * {@link CredentialValidator#BASIC_ONLY}, which refuses x509 and authenticates nobody. An x509
 * credential's end-entity key must be the leaf's signature key whatever the validator says
 * ({@link io.conclave.mls.Rule#X509_END_ENTITY_KEY}).
 *
 * <p><b>ReInit (RFC 9420 §11.2) is not supported.</b> Reinitialisation (a Welcome into the
 * successor group with a reinit PSK) is not implemented, so a ReInit proposal, received alone or
 * covered by a received commit, is refused with {@link io.conclave.mls.Rule#REINIT_UNSUPPORTED}
 * and the group stays usable; there is no API to propose one. {@link GroupConfig#allowReInit()}
 * lifts the refusal for conformance tests only (a committed ReInit then ends the group).
 */
package io.conclave.mls.group;
