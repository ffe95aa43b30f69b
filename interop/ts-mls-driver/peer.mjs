// One named ts-mls 1.6.4 client: the operations Conclave's interop tests and the benchmark need.
// Bytes cross this module as Uint8Array; the JSON-lines driver (driver.mjs) turns them into hex.
import {
  acceptAll,
  createApplicationMessage,
  createCommit,
  createGroup,
  createGroupInfoWithExternalPub,
  createGroupInfoWithExternalPubAndRatchetTree,
  decodeMlsMessage,
  defaultCapabilities,
  defaultLifetime,
  emptyPskIndex,
  encodeMlsMessage,
  generateKeyPackage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  joinGroupExternal,
  makePskIndex,
  mlsExporter,
  processMessage,
} from "ts-mls";
import { decodeRatchetTree, encodeRatchetTree } from "ts-mls/ratchetTree.js";
import { externalSenderEncoder } from "ts-mls/externalSender.js";
import { varLenTypeEncoder } from "ts-mls/codec/variableLength.js";
import { encode } from "ts-mls/codec/tlsEncoder.js";

const encodeExternalSenders = encode(varLenTypeEncoder(externalSenderEncoder));

export const SUITE_NAME = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519";

let implPromise;
/** The cipher suite implementation (suite 1), created once per process. */
export function suite() {
  implPromise ??= getCiphersuiteImpl(getCiphersuiteFromName(SUITE_NAME));
  return implPromise;
}

/** Decodes one MLSMessage, refusing trailing bytes. */
export function decodeMessage(bytes) {
  const decoded = decodeMlsMessage(bytes, 0);
  if (decoded === undefined || decoded[1] !== bytes.length) throw new Error("malformed MLSMessage");
  return decoded[0];
}

function decodeTree(bytes) {
  if (bytes === undefined) return undefined;
  const decoded = decodeRatchetTree(bytes, 0);
  if (decoded === undefined || decoded[1] !== bytes.length) throw new Error("malformed ratchet tree");
  return decoded[0];
}

function basic(identity) {
  return { credentialType: "basic", identity };
}

export class Peer {
  constructor(name) {
    this.name = name;
    this.state = undefined;
    // Key packages this client published and has not yet used, in publication order.
    this.pending = [];
  }

  get cs() {
    return suite();
  }

  /** Publishes a fresh KeyPackage (RFC 9420 §10) for `identity`; returns the MLSMessage bytes. */
  async keyPackage(identity) {
    const cs = await suite();
    const kp = await generateKeyPackage(basic(identity), defaultCapabilities(), defaultLifetime, [], cs);
    this.pending.push(kp);
    return encodeMlsMessage({ version: "mls10", wireformat: "mls_key_package", keyPackage: kp.publicPackage });
  }

  /**
   * Creates a one-member group (RFC 9420 §11). `externalSenders` is a list of
   * {signatureKey, identity} put into an external_senders extension (§12.1.8.1) when non-empty.
   */
  async createGroup(groupId, identity, externalSenders = []) {
    const cs = await suite();
    const kp = await generateKeyPackage(basic(identity), defaultCapabilities(), defaultLifetime, [], cs);
    const extensions = [];
    if (externalSenders.length > 0) {
      // RFC 9420 §12.1.8.1: the extension is a vector of ExternalSender (see patches/).
      const senders = externalSenders.map((s) => ({ signaturePublicKey: s.signatureKey, credential: basic(s.identity) }));
      extensions.push({ extensionType: "external_senders", extensionData: encodeExternalSenders(senders) });
    }
    this.state = await createGroup(groupId, kp.publicPackage, kp.privatePackage, extensions, cs);
  }

  /** Joins from a Welcome (RFC 9420 §12.4.3.1) with whichever pending key package it is for. */
  async joinWelcome(welcomeBytes, treeBytes) {
    const cs = await suite();
    const message = decodeMessage(welcomeBytes);
    if (message.wireformat !== "mls_welcome") throw new Error("not a Welcome: " + message.wireformat);
    const tree = decodeTree(treeBytes);
    let lastError = new Error("no pending key package");
    for (const [i, kp] of this.pending.entries()) {
      try {
        this.state = await joinGroup(message.welcome, kp.publicPackage, kp.privatePackage, emptyPskIndex, cs, tree);
        this.pending.splice(i, 1);
        return;
      } catch (e) {
        lastError = e;
      }
    }
    throw lastError;
  }

  /**
   * Processes a PublicMessage or PrivateMessage. Returns {kind: "application", data} for
   * application data, {kind: "commit", removed} when the epoch advanced and {kind: "proposal"}
   * when a proposal was stored for a later commit.
   */
  async process(messageBytes) {
    const cs = await suite();
    const message = decodeMessage(messageBytes);
    if (message.wireformat !== "mls_public_message" && message.wireformat !== "mls_private_message") {
      throw new Error("not a framed message: " + message.wireformat);
    }
    const before = this.state.groupContext.epoch;
    const result = await processMessage(message, this.state, makePskIndex(this.state, {}), acceptAll, cs);
    this.state = result.newState;
    if (result.kind === "applicationMessage") return { kind: "application", data: result.message };
    // A removed member's state keeps its epoch and only changes its activity (ts-mls 1.6.4).
    const removed = this.state.groupActiveState.kind === "removedFromGroup";
    if (this.state.groupContext.epoch !== before || removed) return { kind: "commit", removed };
    return { kind: "proposal" };
  }

  /**
   * Commits Adds of `keyPackages` (MLSMessage bytes), Removes of `removeLeaves`, and every
   * pending proposal by reference (ts-mls always includes them). ts-mls adds an UpdatePath only
   * when the proposals require one (RFC 9420 §12.4: Add-only commits go without).
   */
  async commit({ keyPackages = [], removeLeaves = [], publicMessage = false, ratchetTreeExtension = false } = {}) {
    const cs = await suite();
    const extraProposals = [
      ...keyPackages.map((b) => {
        const m = decodeMessage(b);
        if (m.wireformat !== "mls_key_package") throw new Error("not a KeyPackage");
        return { proposalType: "add", add: { keyPackage: m.keyPackage } };
      }),
      ...removeLeaves.map((leaf) => ({ proposalType: "remove", remove: { removed: leaf } })),
    ];
    const result = await createCommit(
      { state: this.state, cipherSuite: cs },
      { extraProposals, wireAsPublicMessage: publicMessage, ratchetTreeExtension },
    );
    this.state = result.newState;
    return {
      commit: encodeMlsMessage(result.commit),
      welcome:
        result.welcome === undefined
          ? undefined
          : encodeMlsMessage({ version: "mls10", wireformat: "mls_welcome", welcome: result.welcome }),
    };
  }

  /** Protects application data in a PrivateMessage (RFC 9420 §6.3). */
  async application(data) {
    const cs = await suite();
    const result = await createApplicationMessage(this.state, data, cs);
    this.state = result.newState;
    return encodeMlsMessage({ version: "mls10", wireformat: "mls_private_message", privateMessage: result.privateMessage });
  }

  /** A signed GroupInfo with external_pub (RFC 9420 §12.4.3.2), optionally with ratchet_tree. */
  async groupInfo(withTree) {
    const cs = await suite();
    const gi = withTree
      ? await createGroupInfoWithExternalPubAndRatchetTree(this.state, [], cs)
      : await createGroupInfoWithExternalPub(this.state, [], cs);
    return encodeMlsMessage({ version: "mls10", wireformat: "mls_group_info", groupInfo: gi });
  }

  /** Joins by external commit (RFC 9420 §12.4.3.2); returns the commit's MLSMessage bytes. */
  async joinExternal(groupInfoBytes, treeBytes, identity) {
    const cs = await suite();
    const message = decodeMessage(groupInfoBytes);
    if (message.wireformat !== "mls_group_info") throw new Error("not a GroupInfo");
    const kp = await generateKeyPackage(basic(identity), defaultCapabilities(), defaultLifetime, [], cs);
    const result = await joinGroupExternal(
      message.groupInfo, kp.publicPackage, kp.privatePackage, false, cs, decodeTree(treeBytes));
    this.state = result.newState;
    return encodeMlsMessage({ version: "mls10", wireformat: "mls_public_message", publicMessage: result.publicMessage });
  }

  /** MLS-Exporter(label, context, length) of the current epoch (RFC 9420 §8.5). */
  async exportSecret(label, context, length) {
    const cs = await suite();
    return mlsExporter(this.state.keySchedule.exporterSecret, label, context, length, cs);
  }

  /** Epoch, epoch authenticator (§8.7), own leaf, roster (leaf index, signature key, identity). */
  summary() {
    const roster = [];
    for (const [node, n] of this.state.ratchetTree.entries()) {
      if (n?.nodeType !== "leaf") continue;
      const credential = n.leaf.credential;
      roster.push({
        leaf: node / 2,
        signatureKey: n.leaf.signaturePublicKey,
        identity: credential.credentialType === "basic" ? credential.identity : new Uint8Array(),
      });
    }
    return {
      groupId: this.state.groupContext.groupId,
      epoch: this.state.groupContext.epoch,
      epochAuthenticator: this.state.keySchedule.epochAuthenticator,
      ownLeaf: this.state.privatePath.leafIndex,
      active: this.state.groupActiveState.kind,
      roster,
    };
  }

  ratchetTree() {
    return encodeRatchetTree(this.state.ratchetTree);
  }
}
