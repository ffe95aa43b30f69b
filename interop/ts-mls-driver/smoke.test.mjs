// Node-side smoke test of driver.mjs: ts-mls clients talking to each other through the JSON-lines
// protocol, including a churned tree (unmerged leaves) and an external-senders group, which both
// rely on patches/ts-mls+1.6.4.patch. Run: node --test smoke.test.mjs
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

const hexOf = (s) => Buffer.from(s, "utf8").toString("hex");
let child;
let responses;
let nextId = 1;

before(() => {
  child = spawn(process.execPath, ["driver.mjs"], { cwd: import.meta.dirname, stdio: ["pipe", "pipe", "inherit"] });
  responses = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
});

after(() => {
  child.stdin.end();
  child.kill();
});

async function call(op, fields = {}) {
  const id = nextId++;
  child.stdin.write(JSON.stringify({ id, op, ...fields }) + "\n");
  const { value } = await responses.next();
  const response = JSON.parse(value);
  assert.equal(response.id, id);
  if (!response.ok) throw new Error(`${op} failed: ${response.error}`);
  return response;
}

async function assertAgree(clients) {
  const exports = [];
  const auths = [];
  for (const c of clients) {
    exports.push((await call("export", { client: c, label: "SFrame 1.0 Base Key", context: "", length: 16 })).secret);
    auths.push((await call("state", { client: c })).epochAuthenticator);
  }
  assert.equal(new Set(exports).size, 1, "exporter differs: " + exports);
  assert.equal(new Set(auths).size, 1, "epoch authenticator differs");
}

async function commitAndDeliver(committer, others, fields) {
  const result = await call("commit", { client: committer, ...fields });
  for (const o of others) assert.equal((await call("process", { client: o, message: result.commit })).kind, "commit");
  return result;
}

test("two clients: add, application data both ways, external commit, remove", async () => {
  await call("createGroup", { client: "a1", groupId: hexOf("smoke-1"), identity: hexOf("alice") });
  const kp = (await call("keyPackage", { client: "b1", identity: hexOf("bob") })).keyPackage;
  const added = await commitAndDeliver("a1", [], { keyPackages: [kp] });
  await call("joinWelcome", { client: "b1", welcome: added.welcome, ratchetTree: added.ratchetTree });
  await assertAgree(["a1", "b1"]);

  const m1 = await call("application", { client: "a1", data: hexOf("hello bob") });
  assert.deepEqual(await call("process", { client: "b1", message: m1.message }), { id: nextId - 1, ok: true, kind: "application", data: hexOf("hello bob") });
  const m2 = await call("application", { client: "b1", data: hexOf("hello alice") });
  assert.equal((await call("process", { client: "a1", message: m2.message })).data, hexOf("hello alice"));

  const gi = await call("groupInfo", { client: "b1", withTree: false });
  const tree = (await call("ratchetTree", { client: "b1" })).ratchetTree;
  const joined = await call("joinExternal", { client: "c1", groupInfo: gi.groupInfo, ratchetTree: tree, identity: hexOf("carol") });
  for (const c of ["a1", "b1"]) await call("process", { client: c, message: joined.commit });
  await assertAgree(["a1", "b1", "c1"]);

  const removed = await call("commit", { client: "c1", removeLeaves: [0] });
  assert.equal((await call("process", { client: "a1", message: removed.commit })).removed, true);
  await call("process", { client: "b1", message: removed.commit });
  await assertAgree(["b1", "c1"]);
});

test("churned tree with blank and unmerged leaves can be joined (needs the validation patch)", async () => {
  await call("createGroup", { client: "owner", groupId: hexOf("smoke-churn"), identity: hexOf("owner") });
  const members = ["owner"];
  const kps = [];
  for (let i = 0; i < 7; i++) kps.push((await call("keyPackage", { client: `m${i}`, identity: hexOf(`m${i}`) })).keyPackage);
  const welcome = await commitAndDeliver("owner", [], { keyPackages: kps });
  for (let i = 0; i < 7; i++) {
    await call("joinWelcome", { client: `m${i}`, welcome: welcome.welcome, ratchetTree: welcome.ratchetTree });
    members.push(`m${i}`);
  }
  // Removes force a path: the owner's filtered direct path (nodes 1, 3, 7) gets keys; leaves 3 and 5
  // go blank with nodes 5, 9, 11.
  await commitAndDeliver("owner", members.filter((m) => m !== "owner"), { removeLeaves: [3, 5] });
  members.splice(members.indexOf("m2"), 1);
  members.splice(members.indexOf("m4"), 1);
  // Adds go without a path and refill leaves 3 then 5: node 3 lists [3], node 7 lists [3, 5].
  // Unpatched 1.6.4 demands identical lists along the leaf's whole direct path and refuses the
  // second Welcome ("non-blank intermediate node must list leaf node in its unmerged_leaves").
  for (const name of ["n0", "n1"]) {
    const kp = (await call("keyPackage", { client: name, identity: hexOf(name) })).keyPackage;
    const r = await commitAndDeliver("owner", members.filter((m) => m !== "owner"), { keyPackages: [kp] });
    await call("joinWelcome", { client: name, welcome: r.welcome, ratchetTree: r.ratchetTree });
    members.push(name);
  }
  await assertAgree(members);
});

test("external_senders extension is a vector (RFC 9420 §12.1.8.1)", async () => {
  const sender = { signatureKey: "11".repeat(32), identity: hexOf("relay") };
  await call("createGroup", { client: "x1", groupId: hexOf("smoke-ext"), identity: hexOf("x1"), externalSenders: [sender] });
  const kp = (await call("keyPackage", { client: "x2", identity: hexOf("x2") })).keyPackage;
  const r = await call("commit", { client: "x1", keyPackages: [kp] });
  await call("joinWelcome", { client: "x2", welcome: r.welcome, ratchetTree: r.ratchetTree });
  await assertAgree(["x1", "x2"]);
});

test("patched unmerged_leaves check still rejects what RFC 9420 §12.4.3.1 forbids", async () => {
  const { Peer, suite } = await import("./peer.mjs");
  const { validateRatchetTree } = await import("ts-mls/clientState.js");
  const owner = new Peer("in-process");
  await owner.createGroup(Buffer.from("validation"), Buffer.from("owner"));
  const kps = [];
  for (let i = 0; i < 7; i++) kps.push(await new Peer(`v${i}`).keyPackage(Buffer.from(`v${i}`)));
  await owner.commit({ keyPackages: kps });
  await owner.commit({ removeLeaves: [3, 5] });
  for (const name of ["w0", "w1"]) await owner.commit({ keyPackages: [await new Peer(name).keyPackage(Buffer.from(name))] });
  const { groupContext, ratchetTree, clientConfig } = owner.state;
  assert.deepEqual(ratchetTree[3].parent.unmergedLeaves, [3]);
  assert.deepEqual(ratchetTree[7].parent.unmergedLeaves, [3, 5]);
  const cs = await suite();
  const validate = (tree) =>
    validateRatchetTree(tree, groupContext, clientConfig.lifetimeConfig, clientConfig.authService, groupContext.treeHash, cs);
  const withNode3Unmerged = (list) =>
    ratchetTree.map((n, i) => (i === 3 ? { ...n, parent: { ...n.parent, unmergedLeaves: list } } : n));

  assert.equal(await validate(ratchetTree), undefined);
  // Node 3 lies between leaf 3 and node 7, so it must list leaf 3 too.
  assert.match(String(await validate(withNode3Unmerged([]))), /must list leaf node/);
  // Leaf 4 is not below node 3.
  assert.match(String(await validate(withNode3Unmerged([3, 4]))), /non-blank descendant/);
});
