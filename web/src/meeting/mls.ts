/**
 * The ts-mls 1.6.4 calls Conclave makes (cipher suite 1), with the shapes Conclave needs:
 * KeyPackages carrying the invite proof, the meeting group with the relay as external sender and
 * the creator as host, GroupInfos for the relay, and the roster read from the ratchet tree.
 * ts-mls is patched at install time (web/patches/ts-mls+1.6.4.patch, RFC 9420 §12.4.3.1,
 * §12.1.8.1, §12.4.3.2).
 */
import {
  defaultCapabilities,
  defaultLifetime,
  encodeMlsMessage,
  decodeMlsMessage,
  generateKeyPackageWithKey,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  createGroup,
  createGroupInfoWithExternalPubAndRatchetTree,
  mlsExporter,
  type CiphersuiteImpl,
  type ClientState,
  type Extension,
  type KeyPackage,
  type LeafNode,
  type MLSMessage,
  type PrivateKeyPackage,
} from 'ts-mls';
import { HOSTS_EXTENSION, INVITE_PROOF_EXTENSION, decodeHosts, encodeHosts, equalBytes } from './admission.js';
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

/** Default capabilities plus both Conclave extension types (RFC 9420 §7.2). */
function capabilities(): ReturnType<typeof defaultCapabilities> {
  const d = defaultCapabilities();
  return { ...d, extensions: [...d.extensions.filter((e) => e !== INVITE_PROOF_EXTENSION && e !== HOSTS_EXTENSION), INVITE_PROOF_EXTENSION, HOSTS_EXTENSION] };
}

export interface KeyPackageBundle {
  readonly publicPackage: KeyPackage;
  readonly privatePackage: PrivateKeyPackage;
}

/** A KeyPackage (RFC 9420 §10) with a basic credential naming `name`, and the invite proof if any. */
export async function makeKeyPackage(name: string, keys: SigningKeys, proof: Uint8Array | undefined): Promise<KeyPackageBundle> {
  const leafExtensions: Extension[] = proof === undefined ? [] : [{ extensionType: INVITE_PROOF_EXTENSION, extensionData: proof }];
  return generateKeyPackageWithKey(
    { credentialType: 'basic', identity: new TextEncoder().encode(name) },
    capabilities(),
    defaultLifetime,
    [],
    keys,
    await suite(),
    leafExtensions,
  );
}

/** The meeting's group at epoch 0: group id = meeting id, relay as external sender, creator as host. */
export async function createMeetingGroup(meetingId: string, bundle: KeyPackageBundle, externalSender: Uint8Array, hostKey: Uint8Array): Promise<ClientState> {
  const extensions: Extension[] = [
    // RFC 9420 §12.1.8.1: a vector of ExternalSender.
    { extensionType: 'external_senders', extensionData: opaque(externalSender) },
    { extensionType: HOSTS_EXTENSION, extensionData: encodeHosts([hostKey]) },
  ];
  return createGroup(new TextEncoder().encode(meetingId), bundle.publicPackage, bundle.privatePackage, extensions, await suite());
}

export async function groupInfoMessage(state: ClientState): Promise<Uint8Array> {
  const gi = await createGroupInfoWithExternalPubAndRatchetTree(state, [], await suite());
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

export function leafName(leaf: LeafNode): { name: string; identity: Uint8Array | undefined } {
  const c = leaf.credential;
  return c.credentialType === 'basic'
    ? { name: new TextDecoder().decode(c.identity), identity: c.identity }
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
