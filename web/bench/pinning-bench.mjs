// What pinning costs at page start (docs/PERFORMANCE.md, "What pinning costs"): the time from
// navigation to each worker and the audio worklet being created, for the pinned production client
// (every worker and worklet fetched with `integrity`, run from a Blob URL of the checked bytes)
// against the same client built with `vite build --mode unpinned` (workers and worklet started
// from their URLs, no check). Alternates the two, N runs each, on an invite route (the lobby starts
// every worker; no relay is needed for that: the relay worker's socket just fails and retries).
// Then join time, side by side: a host page creates a meeting on a real relay
// (server/target/conclave-server.jar, started here), and for each run a second page of one
// variant or the other opens the invite (as an off-relay client: `?relay=`), waits for its camera
// preview as the acceptance test does, clicks Join, and the time from the click to the first
// decoded picture of the host in that page is taken.
// Usage: node bench/pinning-bench.mjs [N]   (needs target/classes/web, target/unpinned-web and the relay jar)
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const N = Number(process.argv[2] ?? 5);
const ROOTS = { pinned: fileURLToPath(new URL('../target/classes/web/', import.meta.url)), unpinned: fileURLToPath(new URL('../target/unpinned-web/', import.meta.url)) };
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream=fps=15', '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required'];

function serve(root) {
  const server = createServer(async (req, res) => {
    let path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!extname(path)) path = '/index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) return void res.writeHead(404).end();
    let body;
    try {
      body = await readFile(file);
    } catch {
      return void res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS, headless: true });
const servers = { pinned: await serve(ROOTS.pinned), unpinned: await serve(ROOTS.unpinned) };
const results = { pinned: [], unpinned: [] };
for (let i = 0; i < N; i++) {
  for (const variant of i % 2 === 0 ? ['pinned', 'unpinned'] : ['unpinned', 'pinned']) {
    const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
    const page = await context.newPage();
    const started = Date.now();
    const workers = [];
    page.on('worker', (w) => workers.push([w.url().startsWith('blob:') ? 'blob' : w.url().replace(/.*\//, ''), Date.now() - started]));
    page.on('pageerror', (e) => process.stderr.write(`[${variant}] ${e.message}\n`));
    await page.goto(`http://127.0.0.1:${servers[variant].address().port}/m/benchmeeting#c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2U`);
    // relay + encode + decode workers (the probe worker too on some paths), and the playback worklet's AudioContext.
    const deadline = Date.now() + 30000;
    while (workers.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const allWorkers = workers.length >= 3 ? workers[2][1] : NaN;
    const ready = await page.evaluate(() => performance.now());
    results[variant].push({ allWorkers, load: loadavg()[0], ready });
    await context.close();
  }
}
// Join time, on a real relay.
const relayJar = fileURLToPath(new URL('../../server/target/conclave-server.jar', import.meta.url));
const java = process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : 'java';
const relay = spawn(java, ['-jar', relayJar, '--port', '0', '--data-dir', mkdtempSync(join(tmpdir(), 'conclave-bench-'))], { stdio: ['ignore', 'pipe', 'pipe'] });
const relayUrl = await new Promise((resolve, reject) => {
  let seen = '';
  const look = (d) => { seen += d; const m = /listening on (http:\/\/[0-9.:]+)/.exec(seen); if (m) resolve(m[1]); };
  relay.stdout.on('data', look);
  relay.stderr.on('data', look);
  relay.on('exit', (code) => reject(new Error(`relay exited ${code}: ${seen}`)));
});
const pageOf = (variant) => `http://127.0.0.1:${servers[variant].address().port}`;
const hostContext = await browser.newContext({ permissions: ['camera', 'microphone'] });
const host = await hostContext.newPage();
await host.goto(`${pageOf('pinned')}/?client=local`);
await host.fill('#relay', relayUrl);
await host.click('#create');
await host.waitForFunction(() => document.querySelector('#preview')?.readyState >= 2, null, { timeout: 60000 });
await host.fill('#name', 'Host');
await host.click('#join');
await host.waitForFunction(() => (document.querySelector('#invite-link')?.value ?? '').includes('#'), null, { timeout: 60000 });
const link = await host.evaluate(() => document.querySelector('#invite-link').value);
const target = new URL(link);
const joins = { pinned: [], unpinned: [] };
for (let i = 0; i < N; i++) {
  for (const variant of i % 2 === 0 ? ['pinned', 'unpinned'] : ['unpinned', 'pinned']) {
    const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
    const page = await context.newPage();
    await page.goto(`${pageOf(variant)}${target.pathname}?relay=${encodeURIComponent(relayUrl)}${target.hash}`);
    await page.waitForFunction(() => document.querySelector('#preview')?.readyState >= 2, null, { timeout: 60000 });
    await page.fill('#name', `Guest ${variant} ${i}`);
    const load = loadavg()[0];
    const ms = await page.evaluate(() => new Promise((resolve) => {
      const clicked = performance.now();
      document.querySelector('#join').click();
      const poll = () => {
        const shown = [...document.querySelectorAll('.tile[data-leaf] video')].some((v) => v.videoWidth > 0);
        if (shown) resolve(performance.now() - clicked);
        else if (performance.now() - clicked > 60000) resolve(NaN);
        else setTimeout(poll, 5);
      };
      poll();
    }));
    joins[variant].push({ ms: Math.round(ms), load });
    await page.click('#leave').catch(() => undefined);
    await context.close();
  }
}
await hostContext.close();
relay.kill();
for (const s of Object.values(servers)) s.close();
await browser.close();
for (const [variant, runs] of Object.entries(joins)) {
  console.log(`${variant.padEnd(8)} join click → first decoded remote picture: median ${median(runs.map((r) => r.ms))} ms; runs ${runs.map((r) => r.ms).join(', ')}; load ${runs.map((r) => r.load.toFixed(1)).join(', ')}`);
}
console.log(`join pinned / unpinned: ${(median(joins.pinned.map((r) => r.ms)) / median(joins.unpinned.map((r) => r.ms))).toFixed(2)}`);
for (const [variant, runs] of Object.entries(results)) {
  console.log(`${variant.padEnd(8)} navigation → 3 workers created: median ${median(runs.map((r) => r.allWorkers))} ms; runs ${runs.map((r) => r.allWorkers).join(', ')}; load ${runs.map((r) => r.load.toFixed(1)).join(', ')}`);
}
const ratio = median(results.pinned.map((r) => r.allWorkers)) / median(results.unpinned.map((r) => r.allWorkers));
console.log(`pinned / unpinned: ${ratio.toFixed(2)}`);
