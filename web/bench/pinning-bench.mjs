// What pinning costs at page start (docs/PERFORMANCE.md, "What pinning costs"): the time from
// navigation to each worker and the audio worklet being created, for the pinned production client
// (every worker and worklet fetched with `integrity`, run from a Blob URL of the checked bytes)
// against the same client built with `vite build --mode unpinned` (workers and worklet started
// from their URLs, no check). Alternates the two, N runs each, on an invite route (the lobby starts
// every worker; no relay is needed for that: the relay worker's socket just fails and retries).
// Usage: node bench/pinning-bench.mjs [N]   (needs target/classes/web and target/unpinned-web)
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
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
    try {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
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
for (const s of Object.values(servers)) s.close();
await browser.close();
for (const [variant, runs] of Object.entries(results)) {
  console.log(`${variant.padEnd(8)} navigation → 3 workers created: median ${median(runs.map((r) => r.allWorkers))} ms; runs ${runs.map((r) => r.allWorkers).join(', ')}; load ${runs.map((r) => r.load.toFixed(1)).join(', ')}`);
}
const ratio = median(results.pinned.map((r) => r.allWorkers)) / median(results.unpinned.map((r) => r.allWorkers));
console.log(`pinned / unpinned: ${ratio.toFixed(2)}`);
