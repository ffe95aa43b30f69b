// ts-mls 1.6.4 timings on Node, cipher suite 1 (X25519, AES-128-GCM, SHA-256, Ed25519).
// Run: node --expose-gc bench.mjs [sizes=10,100,1000] [repetitions=5]
//
// For each group size N: the owner builds the group with ONE commit adding N-1 key packages (no
// UpdatePath, so parent nodes stay blank: the worst case for later path encryption), and one
// member ("observer") joins from its Welcome. Then, R times in a row:
//   add commit     owner creates a commit adding one new key package (+ its Welcome)
//   process add    observer processes that commit
//   join welcome   the new member joins from the Welcome (ratchet tree given out of band)
//   remove commit  owner creates a commit removing the new member (with UpdatePath)
//   process remove observer processes it
// Every time includes MLSMessage encoding/decoding, as a client receiving bytes would do.
// Memory: heap growth of K extra joined member states at the largest size (needs --expose-gc).
import { encodeGroupState } from "ts-mls";
import { Peer, suite } from "./peer.mjs";

const sizes = (process.argv[2] ?? "10,100,1000").split(",").map(Number);
const repetitions = Number(process.argv[3] ?? 5);
const utf8 = (s) => new TextEncoder().encode(s);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function timed(fn) {
  const start = process.hrtime.bigint();
  const value = await fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, value];
}

async function buildGroup(n) {
  const owner = new Peer("owner");
  await owner.createGroup(utf8(`bench-${n}`), utf8("owner"));
  const observer = new Peer("observer");
  const kps = [await observer.keyPackage(utf8("observer"))];
  for (let i = 2; i < n; i++) kps.push(await new Peer(`m${i}`).keyPackage(utf8(`m${i}`)));
  const [buildMs, result] = await timed(() => owner.commit({ keyPackages: kps }));
  const tree = owner.ratchetTree();
  const [observerJoinMs] = await timed(() => observer.joinWelcome(result.welcome, tree));
  return { owner, observer, buildMs, observerJoinMs, welcome: result.welcome, tree };
}

async function measure(n) {
  const start = Date.now();
  const group = await buildGroup(n);
  const { owner, observer } = group;
  const rows = { "add commit": [], "process add": [], "join welcome": [], "remove commit": [], "process remove": [] };
  for (let r = 0; r < repetitions; r++) {
    const joiner = new Peer(`joiner${r}`);
    const kp = await joiner.keyPackage(utf8(`joiner${r}`));
    const [addMs, add] = await timed(() => owner.commit({ keyPackages: [kp] }));
    const [processAddMs] = await timed(() => observer.process(add.commit));
    const tree = owner.ratchetTree();
    const [joinMs] = await timed(() => joiner.joinWelcome(add.welcome, tree));
    const leaf = joiner.summary().ownLeaf;
    const [removeMs, remove] = await timed(() => owner.commit({ removeLeaves: [leaf] }));
    const [processRemoveMs] = await timed(() => observer.process(remove.commit));
    rows["add commit"].push(addMs);
    rows["process add"].push(processAddMs);
    rows["join welcome"].push(joinMs);
    rows["remove commit"].push(removeMs);
    rows["process remove"].push(processRemoveMs);
  }
  return { n, group, rows, totalS: (Date.now() - start) / 1000 };
}

async function memoryPerState(group, k) {
  if (typeof globalThis.gc !== "function") return undefined;
  const joiners = [];
  for (let i = 0; i < k; i++) {
    const p = new Peer(`mem${i}`);
    joiners.push([p, await p.keyPackage(utf8(`mem${i}`))]);
  }
  const add = await group.owner.commit({ keyPackages: joiners.map(([, kp]) => kp) });
  const tree = group.owner.ratchetTree();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  // Each member decodes its own copy of the bytes, so no two states share buffers.
  for (const [p] of joiners) await p.joinWelcome(add.welcome.slice(), tree.slice());
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  return {
    heapPerStateKiB: (after - before) / k / 1024,
    encodedStateKiB: encodeGroupState(joiners[0][0].state).length / 1024,
    k,
  };
}

await suite();
const results = [];
for (const n of sizes) {
  const result = await measure(n);
  results.push(result);
  console.error(`size ${n}: ${result.totalS.toFixed(1)} s in all (bulk add commit ${result.group.buildMs.toFixed(0)} ms, observer join ${result.group.observerJoinMs.toFixed(0)} ms)`);
}
const ops = Object.keys(results[0].rows);
console.log(`ts-mls 1.6.4, Node ${process.version}, suite 1, median of ${repetitions} (ms)`);
console.log(["| members", ...ops].join(" | ") + " |");
console.log("|---" + "|---:".repeat(ops.length) + "|");
for (const r of results) console.log(["| " + r.n, ...ops.map((op) => median(r.rows[op]).toFixed(1))].join(" | ") + " |");
for (const r of results) {
  console.log(`setup at ${r.n}: one commit adding ${r.n - 1} key packages ${r.group.buildMs.toFixed(0)} ms, first member's Welcome join ${r.group.observerJoinMs.toFixed(0)} ms`);
}
const largest = results.at(-1);
const memory = await memoryPerState(largest.group, 5);
if (memory === undefined) console.log("memory: run with node --expose-gc to measure");
else console.log(`memory at ${largest.n} members: ~${memory.heapPerStateKiB.toFixed(0)} KiB heap per joined member state (mean of ${memory.k}), encodeGroupState ${memory.encodedStateKiB.toFixed(0)} KiB`);
