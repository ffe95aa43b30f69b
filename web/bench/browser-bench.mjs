// Browser benchmark: SFrame (dist/sframe, built by `npm run build`) against raw WebCrypto
// AES-GCM on the same buffers, in headless Chromium driven by playwright-core.
// Usage: npm run bench:browser [-- --seconds 1.5]   (CHROMIUM=/path overrides /usr/bin/chromium)
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const SIZES = [100, 1200, 16 * 1024, 64 * 1024];
const SUITES = [4, 1];
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 1;
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// http://127.0.0.1 is a secure context, so crypto.subtle exists; file:// would block module imports.
function serve() {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>sframe bench</title>');
      return;
    }
    const file = normalize(join(DIST, path));
    if (!file.startsWith(DIST) || extname(file) !== '.js') return void res.writeHead(404).end();
    try {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Runs inside the page. Frames go one at a time (sequential awaits), as in a media pipeline.
 * The implementations take turns batch by batch, so load from other processes hits them alike.
 */
async function benchInPage({ sizes, suites, seconds }) {
  const sf = await import('/sframe/index.js');
  const BATCH = 256;
  const metadata = new Uint8Array([1, 1, 0, 0, 0, 0, 0, 1]);

  async function rawGcm() {
    const key = await crypto.subtle.importKey('raw', crypto.getRandomValues(new Uint8Array(16)), 'AES-GCM', false, ['encrypt', 'decrypt']);
    let n = 0;
    const params = (c) => {
      const iv = new Uint8Array(12);
      new DataView(iv.buffer).setUint32(8, c);
      return { name: 'AES-GCM', iv, additionalData: metadata };
    };
    return {
      name: 'raw WebCrypto AES-128-GCM',
      encrypt: async (pt) => { const c = n++; return { c, ct: await crypto.subtle.encrypt(params(c), key, pt) }; },
      decrypt: ({ c, ct }) => crypto.subtle.decrypt(params(c), key, ct),
    };
  }

  function sframe(suite) {
    const keys = { epoch: 1n, baseKey: crypto.getRandomValues(new Uint8Array(sf.cipherSuite(suite).nk)), groupSize: 2, roster: [0, 1] };
    const tx = new sf.MlsSFrameContext({ suite });
    const rx = new sf.MlsSFrameContext({ suite });
    tx.addEpoch({ ...keys, ownIndex: 0 });
    rx.addEpoch({ ...keys, ownIndex: 1 });
    return {
      name: `SFrame ${sf.cipherSuite(suite).name}`,
      encrypt: (pt) => tx.encrypt(metadata, pt),
      decrypt: (ct) => rx.decrypt(metadata, ct),
    };
  }

  async function batch(impl, payload, stats) {
    const outs = [];
    let t = performance.now();
    for (let i = 0; i < BATCH; i++) outs.push(await impl.encrypt(payload));
    stats.enc += performance.now() - t;
    t = performance.now();
    for (const out of outs) await impl.decrypt(out);
    stats.dec += performance.now() - t;
    stats.ops += BATCH;
  }

  const rows = [];
  for (const size of sizes) {
    const payload = crypto.getRandomValues(new Uint8Array(size));
    const impls = [await rawGcm(), ...suites.map(sframe)];
    const stats = impls.map(() => ({ enc: 0, dec: 0, ops: 0 }));
    for (const impl of impls) await batch(impl, payload, { enc: 0, dec: 0, ops: 0 }); // warm-up
    while (stats.some((s) => s.enc + s.dec < seconds * 1000)) {
      for (let i = 0; i < impls.length; i++) await batch(impls[i], payload, stats[i]);
    }
    impls.forEach((impl, i) => {
      const s = stats[i];
      rows.push({ size, impl: impl.name, enc: (s.ops * 1000) / s.enc, dec: (s.ops * 1000) / s.dec });
    });
  }
  return { rows, userAgent: navigator.userAgent };
}

const server = await serve();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const { rows, userAgent } = await page.evaluate(benchInPage, { sizes: SIZES, suites: SUITES, seconds: SECONDS });
  const fmt = (x) => Math.round(x).toLocaleString('en-US').padStart(10);
  const mbps = (ops, size) => ((ops * size) / 1e6).toFixed(1).padStart(7);
  console.log(`Chromium ${browser.version()} (${userAgent})`);
  console.log(`${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}; at least ${SECONDS} s per row, frames one at a time, implementations interleaved\n`);
  console.log('   size  implementation                        encrypt/s    MB/s   decrypt/s    MB/s');
  for (const r of rows) {
    console.log(`${String(r.size).padStart(7)}  ${r.impl.padEnd(36)}${fmt(r.enc)} ${mbps(r.enc, r.size)} ${fmt(r.dec)} ${mbps(r.dec, r.size)}`);
  }
} finally {
  await browser.close();
  server.close();
}
