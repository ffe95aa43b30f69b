/**
 * Receiver-side checks of RFC 9420 that ts-mls 1.6.4 does not make (interop/README.md, "ts-mls
 * gaps"), run on a commit before it is handed to ts-mls, so that a browser member refuses exactly
 * what a Java member refuses and a malicious member cannot split a mixed meeting:
 *
 * - every HPKE public key the commit brings in (an Add's init_key and leaf encryption key, the
 *   UpdatePath's leaf and node keys) is a valid X25519 key: 32 bytes, not a low-order point
 *   (RFC 9420 §10, §7.2; RFC 7748 §6.1: the shared secret with a low-order point is all zero,
 *   which WebCrypto refuses);
 * - no KeyPackage or LeafNode lists one extension type twice (RFC 9420 §13.4).
 *
 * (An ExternalInit in a regular commit and an external commit removing another member, the other
 * two gaps, are refused by the admission decisions: `proposal_type` and `external_commit`.)
 */
import type { FramedContent, KeyPackage } from 'ts-mls';
import { extensionTypeToNumber } from 'ts-mls/extension.js';

let probe: Promise<CryptoKey> | undefined;

/** Whether `key` is an X25519 public key with which a Diffie-Hellman yields a non-zero secret. */
export async function isValidX25519(key: Uint8Array): Promise<boolean> {
  if (key.length !== 32) return false;
  probe ??= crypto.subtle.generateKey({ name: 'X25519' }, false, ['deriveBits'])
    .then((k) => (k as CryptoKeyPair).privateKey);
  try {
    const pub = await crypto.subtle.importKey('raw', new Uint8Array(key), { name: 'X25519' }, false, []);
    await crypto.subtle.deriveBits({ name: 'X25519', public: pub }, await probe, 256);
    return true;
  } catch {
    return false;
  }
}

function uniqueTypes(exts: readonly { readonly extensionType: unknown }[]): boolean {
  const types = exts.map((e) => extensionTypeToNumber(e.extensionType as never));
  return new Set(types).size === types.length;
}

/** Why `keyPackage` breaks a check ts-mls misses, or undefined. */
export async function keyPackageProblem(keyPackage: KeyPackage): Promise<string | undefined> {
  if (!uniqueTypes(keyPackage.extensions)) return 'a KeyPackage lists an extension type twice';
  if (!uniqueTypes(keyPackage.leafNode.extensions)) return 'a leaf lists an extension type twice';
  if (!await isValidX25519(keyPackage.initKey)) return 'an invalid init key';
  if (!await isValidX25519(keyPackage.leafNode.hpkePublicKey)) return 'an invalid leaf encryption key';
  return undefined;
}

/** Why the commit in `content` breaks a check ts-mls misses, or undefined. */
export async function commitProblem(content: FramedContent): Promise<string | undefined> {
  if (content.contentType !== 'commit') return undefined;
  for (const por of content.commit.proposals) {
    if (por.proposalOrRefType === 'proposal' && por.proposal.proposalType === 'add') {
      const problem = await keyPackageProblem(por.proposal.add.keyPackage);
      if (problem !== undefined) return problem;
    }
  }
  const path = content.commit.path;
  if (path !== undefined) {
    if (!uniqueTypes(path.leafNode.extensions)) return 'the committer\'s leaf lists an extension type twice';
    if (!await isValidX25519(path.leafNode.hpkePublicKey)) return 'an invalid key in the committer\'s leaf';
    for (const node of path.nodes) {
      if (!await isValidX25519(node.hpkePublicKey)) return 'an invalid key in the commit\'s path';
    }
  }
  return undefined;
}
