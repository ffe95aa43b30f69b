// Long-lived JSON-lines driver around ts-mls for Conclave's interop tests.
// One request per stdin line, one response per stdout line, in order; bytes travel as hex.
//   request:  {"id": 7, "op": "commit", "client": "alice", ...}
//   response: {"id": 7, "ok": true, ...}  or  {"id": 7, "ok": false, "error": "..."}
// Operations are listed in OPS below. Diagnostics go to stderr only.
import { createInterface } from "node:readline";
import { Peer } from "./peer.mjs";

const peers = new Map();
const hex = (bytes) => Buffer.from(bytes).toString("hex");
const unhex = (s) => {
  if (typeof s !== "string" || !/^([0-9a-f]{2})*$/i.test(s)) throw new Error("expected hex, got " + JSON.stringify(s));
  return new Uint8Array(Buffer.from(s, "hex"));
};
const optionalHex = (s) => (s === undefined || s === null ? undefined : unhex(s));

function peer(name, create = false) {
  if (typeof name !== "string" || name.length === 0) throw new Error("missing client name");
  let p = peers.get(name);
  if (p === undefined) {
    if (!create) throw new Error("unknown client " + name);
    p = new Peer(name);
    peers.set(name, p);
  }
  return p;
}

function summaryJson(p) {
  const s = p.summary();
  return {
    groupId: hex(s.groupId),
    epoch: Number(s.epoch),
    epochAuthenticator: hex(s.epochAuthenticator),
    ownLeaf: s.ownLeaf,
    active: s.active,
    roster: s.roster.map((m) => ({ leaf: m.leaf, signatureKey: hex(m.signatureKey), identity: hex(m.identity) })),
  };
}

const OPS = {
  ping: async () => ({}),
  keyPackage: async (r) => ({ keyPackage: hex(await peer(r.client, true).keyPackage(unhex(r.identity))) }),
  createGroup: async (r) => {
    const senders = (r.externalSenders ?? []).map((s) => ({ signatureKey: unhex(s.signatureKey), identity: unhex(s.identity) }));
    const p = peer(r.client, true);
    await p.createGroup(unhex(r.groupId), unhex(r.identity), senders);
    return summaryJson(p);
  },
  joinWelcome: async (r) => {
    const p = peer(r.client);
    await p.joinWelcome(unhex(r.welcome), optionalHex(r.ratchetTree));
    return summaryJson(p);
  },
  process: async (r) => {
    const p = peer(r.client);
    const result = await p.process(unhex(r.message));
    const out = { kind: result.kind };
    if (result.kind === "application") out.data = hex(result.data);
    if (result.kind === "commit") out.removed = result.removed;
    return out;
  },
  commit: async (r) => {
    const p = peer(r.client);
    const result = await p.commit({
      keyPackages: (r.keyPackages ?? []).map(unhex),
      removeLeaves: r.removeLeaves ?? [],
      publicMessage: r.publicMessage === true,
      ratchetTreeExtension: r.ratchetTreeExtension === true,
    });
    return {
      commit: hex(result.commit),
      welcome: result.welcome === undefined ? null : hex(result.welcome),
      ratchetTree: hex(p.ratchetTree()),
    };
  },
  application: async (r) => ({ message: hex(await peer(r.client).application(unhex(r.data))) }),
  groupInfo: async (r) => ({ groupInfo: hex(await peer(r.client).groupInfo(r.withTree === true)) }),
  joinExternal: async (r) => {
    const p = peer(r.client, true);
    const commit = await p.joinExternal(unhex(r.groupInfo), optionalHex(r.ratchetTree), unhex(r.identity));
    return { commit: hex(commit), ...summaryJson(p) };
  },
  export: async (r) => ({
    secret: hex(await peer(r.client).exportSecret(String(r.label), unhex(r.context), Number(r.length))),
  }),
  state: async (r) => summaryJson(peer(r.client)),
  ratchetTree: async (r) => ({ ratchetTree: hex(peer(r.client).ratchetTree()) }),
  drop: async (r) => ({ dropped: peers.delete(r.client) }),
};

async function handle(line) {
  let id = null;
  try {
    const request = JSON.parse(line);
    id = request.id ?? null;
    const op = OPS[request.op];
    if (op === undefined) throw new Error("unknown op " + request.op);
    return { id, ok: true, ...(await op(request)) };
  } catch (e) {
    process.stderr.write(`request ${id} failed: ${e?.stack ?? e}\n`);
    return { id, ok: false, error: `${e?.name ?? "Error"}: ${e?.message ?? e}` };
  }
}

// Requests are handled strictly one after another: ts-mls states are replaced on every step.
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim().length === 0) continue;
  process.stdout.write(JSON.stringify(await handle(line)) + "\n");
}
