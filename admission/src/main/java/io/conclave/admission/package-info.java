/**
 * Who may enter a meeting's MLS group (docs/PROTOCOL.md, "Admission"): the invite proof a
 * joiner's leaf carries ({@link io.conclave.admission.InviteProof}, a LeafNode extension of
 * the private-use range, RFC 9420 §13.1), the hosts named in the group context ({@link
 * io.conclave.admission.Hosts}), and the check every member runs on every commit ({@link
 * io.conclave.admission.AdmissionCheck}): a new member needs a valid proof, or the commit
 * that added it must come from a host.
 */
package io.conclave.admission;
