/**
 * The ts-mls 1.6.4 calls Conclave makes (cipher suite 1), with the shapes Conclave needs:
 * KeyPackages carrying the invite proof, the meeting group with the relay as external sender and
 * the creator as host, GroupInfos for the relay, and the roster read from the ratchet tree.
 * ts-mls is patched at install time (web/patches/ts-mls+1.6.4.patch, RFC 9420 §12.4.3.1,
 * §12.1.8.1, §12.4.3.2).
 */
import {
  defaultCapabilities,
  encodeMlsMessage,
  decodeMlsMessage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  createGroup,
  mlsExporter,
  type CiphersuiteImpl,
  type ClientState,
  type Extension,
  type KeyPackage,
  type LeafNode,
  type Lifetime,
  type MLSMessage,
  type PrivateKeyPackage,
} from 'ts-mls';
import { createGroupInfoWithRatchetTree } from 'ts-mls/createCommit.js';
import { signKeyPackage } from 'ts-mls/keyPackage.js';
import { signLeafNodeKeyPackage } from 'ts-mls/leafNode.js';
import {
  HOSTS_EXTENSION, INVITE_KEY_EXTENSION, INVITE_KEY_LENGTH, INVITE_PROOF_EXTENSION, decodeHosts, encodeHosts, equalBytes,
} from './admission.js';
import { displayName } from './names.js';
import { opaque } from './tls.js';
import type { SigningKeys } from '../identity/store.js';

export const SUITE_NAME = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519';
export const SFRAME_EXPORTER_LABEL = 'SFrame 1.0 Base Key';

let impl: Promise<CiphersuiteImpl> | undefined;
export function suite(): Promise<CiphersuiteImpl> {
  impl ??= getCiphersuiteImpl(getCiphersuiteFromName(SUITE_NAME));
  return impl;
}

export async function generateSigningKeys(): Promise<SigningKeys> {
  const k = await (await suite()).signature.keygen();
  return { publicKey: new Uint8Array(k.publicKey), signKey: new Uint8Array(k.signKey) };
}

const CONCLAVE_EXTENSIONS = [INVITE_PROOF_EXTENSION, HOSTS_EXTENSION, INVITE_KEY_EXTENSION];

/** Default capabilities plus the three Conclave extension types (RFC 9420 §7.2). */
function capabilities(): ReturnType<typeof defaultCapabilities> {
  const d = defaultCapabilities();
  return { ...d, extensions: [...d.extensions.filter((e) => !CONCLAVE_EXTENSIONS.includes(e as number)), ...CONCLAVE_EXTENSIONS] };
}

/** docs/PROTOCOL.md "Joining": valid from 5 minutes before to 1 hour after its creation. */
export function keyPackageLifetime(nowMs = Date.now()): Lifetime {
  const now = BigInt(Math.floor(nowMs / 1000));
  return { notBefore: now - 300n, notAfter: now + 3600n };
}

/** Whether `kp` is valid at `nowMs` by its lifetime. */
export function keyPackageValidNow(kp: KeyPackage, nowMs = Date.now()): boolean {
  const lifetime = kp.leafNode.leafNodeSource === 'key_package' ? kp.leafNode.lifetime : undefined;
  if (lifetime === undefined) return false;
  const now = BigInt(Math.floor(nowMs / 1000));
  return lifetime.notBefore <= now && now <= lifetime.notAfter;
}

export interface KeyPackageBundle {
  readonly publicPackage: KeyPackage;
  readonly privatePackage: PrivateKeyPackage;
}

/**
 * A KeyPackage (RFC 9420 §10) with a basic credential naming `name` and a short lifetime. `proof`,
 * if given, makes the invite proof from the KeyPackage's init key (docs/PROTOCOL.md "Invite key and
 * invite proof (v2)"), so the init key pair is made here rather than inside ts-mls.
 */
export async function makeKeyPackage(
  name: string,
  keys: SigningKeys,
  proof: ((initKey: Uint8Array, identity: Uint8Array) => Promise<Uint8Array>) | undefined,
  nowMs = Date.now(),
): Promise<KeyPackageBundle> {
  const cs = await suite();
  const identity = new TextEncoder().encode(name);
  const initKeys = await cs.hpke.generateKeyPair();
  const hpkeKeys = await cs.hpke.generateKeyPair();
  const initKey = await cs.hpke.exportPublicKey(initKeys.publicKey);
  const leafExtensions: Extension[] = proof === undefined ? []
    : [{ extensionType: INVITE_PROOF_EXTENSION, extensionData: await proof(initKey, identity) }];
  const leafNode = await signLeafNodeKeyPackage({
    leafNodeSource: 'key_package',
    hpkePublicKey: await cs.hpke.exportPublicKey(hpkeKeys.publicKey),
    signaturePublicKey: keys.publicKey,
    extensions: leafExtensions,
    credential: { credentialType: 'basic', identity },
    capabilities: capabilities(),
    lifetime: keyPackageLifetime(nowMs),
  }, keys.signKey, cs.signature);
  const publicPackage = await signKeyPackage({ version: 'mls10', cipherSuite: cs.name, initKey, leafNode, extensions: [] }, keys.signKey, cs.signature);
  const privatePackage: PrivateKeyPackage = {
    initPrivateKey: await cs.hpke.exportPrivateKey(initKeys.privateKey),
    hpkePrivateKey: await cs.hpke.exportPrivateKey(hpkeKeys.privateKey),
    signaturePrivateKey: keys.signKey,
  };
  return { publicPackage, privatePackage };
}

/**
 * The meeting's group at epoch 0: group id = meeting id, relay as external sender, creator as host,
 * and the invite key of the link's secret.
 */
export async function createMeetingGroup(
  meetingId: string, bundle: KeyPackageBundle, externalSender: Uint8Array, hostKey: Uint8Array, inviteKey: Uint8Array,
): Promise<ClientState> {
  const extensions: Extension[] = [
    // RFC 9420 §12.1.8.1: a vector of ExternalSender.
    { extensionType: 'external_senders', extensionData: opaque(externalSender) },
    { extensionType: HOSTS_EXTENSION, extensionData: encodeHosts([hostKey]) },
    { extensionType: INVITE_KEY_EXTENSION, extensionData: inviteKey },
  ];
  return createGroup(new TextEncoder().encode(meetingId), bundle.publicPackage, bundle.privatePackage, extensions, await suite());
}

/** The GroupInfo for the relay: with `ratchet_tree`, without `external_pub` (Conclave has no external joins). */
export async function groupInfoMessage(state: ClientState): Promise<Uint8Array> {
  const gi = await createGroupInfoWithRatchetTree(state.groupContext, state.confirmationTag, state, state.ratchetTree, [], await suite());
  return encodeMlsMessage({ version: 'mls10', wireformat: 'mls_group_info', groupInfo: gi });
}

export function keyPackageMessage(kp: KeyPackage): Uint8Array {
  return encodeMlsMessage({ version: 'mls10', wireformat: 'mls_key_package', keyPackage: kp });
}

/** @throws Error on malformed bytes or trailing data */
export function decodeMessage(bytes: Uint8Array): MLSMessage {
  const d = decodeMlsMessage(bytes, 0);
  if (d === undefined || d[1] !== bytes.length) throw new Error('malformed MLSMessage');
  return d[0];
}

export async function sframeBaseKey(state: ClientState): Promise<Uint8Array> {
  return mlsExporter(state.keySchedule.exporterSecret, SFRAME_EXPORTER_LABEL, new Uint8Array(), 16, await suite());
}

export interface MemberLeaf {
  readonly leaf: number;
  readonly name: string;
  readonly signatureKey: Uint8Array;
  readonly proof: Uint8Array | undefined;
  readonly identity: Uint8Array | undefined;
}

/** The leaf's name for display (control and bidi characters removed) and its raw identity. */
export function leafName(leaf: LeafNode): { name: string; identity: Uint8Array | undefined } {
  const c = leaf.credential;
  return c.credentialType === 'basic'
    ? { name: displayName(new TextDecoder().decode(c.identity)), identity: c.identity }
    : { name: '(certificate)', identity: undefined };
}

function proofOf(leaf: LeafNode): Uint8Array | undefined {
  return leaf.extensions.find((e) => e.extensionType === INVITE_PROOF_EXTENSION)?.extensionData;
}

/** Every non-blank leaf (even node indices, RFC 9420 Appendix C). */
export function members(state: ClientState): MemberLeaf[] {
  const out: MemberLeaf[] = [];
  state.ratchetTree.forEach((node, i) => {
    if (i % 2 !== 0 || node?.nodeType !== 'leaf') return;
    const { name, identity } = leafName(node.leaf);
    out.push({ leaf: i / 2, name, identity, signatureKey: node.leaf.signaturePublicKey, proof: proofOf(node.leaf) });
  });
  return out;
}

export function leafCount(state: ClientState): number {
  return (state.ratchetTree.length + 1) / 2;
}

export function ownLeaf(state: ClientState): number {
  return Number(state.privatePath.leafIndex);
}

export function hosts(state: ClientState): Uint8Array[] {
  const ext = state.groupContext.extensions.find((e) => e.extensionType === HOSTS_EXTENSION);
  if (ext === undefined) return [];
  try {
    return decodeHosts(ext.extensionData);
  } catch {
    return [];
  }
}

export function isHostKey(state: ClientState, key: Uint8Array): boolean {
  return hosts(state).some((h) => equalBytes(h, key));
}

/** The group's `conclave_invite_key`, if present and 32 bytes. */
export function inviteKey(extensions: readonly Extension[]): Uint8Array | undefined {
  const data = extensions.find((e) => e.extensionType === INVITE_KEY_EXTENSION)?.extensionData;
  return data?.length === INVITE_KEY_LENGTH ? data : undefined;
}

/** Every non-blank leaf with the HPKE key of its node: tells the leaf an added KeyPackage got. */
export function leafOfKeyPackage(state: ClientState, kp: KeyPackage): number | undefined {
  const i = state.ratchetTree.findIndex((n, idx) => idx % 2 === 0 && n?.nodeType === 'leaf'
    && equalBytes(n.leaf.hpkePublicKey, kp.leafNode.hpkePublicKey) && equalBytes(n.leaf.signaturePublicKey, kp.leafNode.signaturePublicKey));
  return i < 0 ? undefined : i / 2;
}
