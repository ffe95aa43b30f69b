#!/usr/bin/env node
/**
 * The post-build step that pins the web client from the HTML down (docs/SECURITY.md, "Trusting
 * the web client"), run by vite (plugin `conclave-pin` in vite.config.ts) on the built web root:
 *
 * 1. Every script that index.html does not load itself (workers and worklets) gets its SHA-256
 *    written into the main script, in place of the placeholder of src/pinned.ts: the page fetches
 *    each with that integrity and runs only verified bytes.
 * 2. Every script and stylesheet of index.html gets a Subresource Integrity attribute. Inline
 *    scripts, inline styles and source maps are refused: the relay's CSP allows none.
 * 3. conclave-manifest.json: the SHA-256 of every file the relay serves (path → hex), and the
 *    client's identity: the SHA-256 of the manifest lines `HEX  PATH\n` sorted by path (the format
 *    of `sha256sum`). The same identity means the same bytes, file for file.
 *
 * Usage: node scripts/pin.mjs DIR  (prints the identity). Exported: pin(dir) → { identity, files }.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MANIFEST = 'conclave-manifest.json';
const PLACEHOLDER = /(["'`])__CONCLAVE_PINNED_WORKERS__\1/g;

const sha256 = (bytes) => createHash('sha256').update(bytes);

/** Every file under dir, as URL paths ('/assets/x.js'), sorted by code unit. */
function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push('/' + relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The identity of a manifest's files (path → hex): SHA-256 over its sorted `HEX  PATH\n` lines. */
export function identityOf(files) {
  const lines = Object.keys(files).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((p) => `${files[p]}  ${p}\n`).join('');
  return sha256(lines).digest('hex');
}

export function pin(dir) {
  const fail = (msg) => { throw new Error(`pin ${dir}: ${msg}`); };
  let files = listFiles(dir).filter((p) => p !== '/' + MANIFEST);
  const maps = files.filter((p) => p.endsWith('.map'));
  if (maps.length > 0) fail(`source maps would be served: ${maps.join(', ')}`);
  const htmlPath = join(dir, 'index.html');
  let html = readFileSync(htmlPath, 'utf8');

  // What index.html loads: <script src>, <link href> (stylesheets, module preloads).
  const tagRe = /<(script|link)\b([^>]*)>/g;
  const attr = (attrs, name) => new RegExp(`\\s${name}="([^"]*)"`).exec(attrs)?.[1];
  const loaded = [];
  for (const [, tag, attrs] of html.matchAll(tagRe)) {
    const url = tag === 'script' ? attr(attrs, 'src') : attr(attrs, 'href');
    if (tag === 'script' && url === undefined) fail('inline <script> in index.html');
    if (url === undefined) continue;
    if (!url.startsWith('/') || url.startsWith('//')) fail(`index.html loads ${url}: only same-origin absolute paths are pinned`);
    loaded.push(url);
  }
  if (/\sstyle=|<style\b|\son[a-z]+=/i.test(html)) fail('inline style or event handler in index.html');
  const entryScripts = loaded.filter((u) => u.endsWith('.js'));
  if (entryScripts.length === 0) fail('index.html loads no script');

  // 1. Workers and worklets: every other script, pinned in the main script.
  const pinned = {};
  for (const p of files) {
    if (p.endsWith('.js') && !entryScripts.includes(p)) {
      pinned[p] = 'sha256-' + sha256(readFileSync(join(dir, p))).digest('base64');
    }
  }
  let replaced = 0;
  for (const u of entryScripts) {
    const file = join(dir, u);
    const code = readFileSync(file, 'utf8');
    const next = code.replace(PLACEHOLDER, () => { replaced++; return JSON.stringify(JSON.stringify(pinned)); });
    if (next !== code) writeFileSync(file, next);
  }
  if (replaced !== 1) fail(`expected the worker-hash placeholder once in the entry scripts, found it ${replaced} times`);
  for (const p of Object.keys(pinned)) {
    if (PLACEHOLDER.test(readFileSync(join(dir, p), 'utf8'))) fail(`${p} carries the placeholder: it would run unpinned`);
    PLACEHOLDER.lastIndex = 0;
  }

  // 2. Subresource Integrity on everything index.html loads (after step 1 changed the main script).
  html = html.replace(tagRe, (whole, tag, attrs) => {
    const url = tag === 'script' ? attr(attrs, 'src') : attr(attrs, 'href');
    if (url === undefined) return whole;
    if (attrs.includes(' integrity=')) fail(`${url} already has an integrity attribute`);
    if (!files.includes(url)) fail(`index.html loads ${url}, which the build did not emit`);
    const integrity = 'sha256-' + sha256(readFileSync(join(dir, url))).digest('base64');
    const closing = attrs.endsWith('/') ? '/' : '';
    const body = closing ? attrs.slice(0, -1).trimEnd() : attrs;
    return `<${tag}${body} integrity="${integrity}"${closing}>`;
  });
  writeFileSync(htmlPath, html);

  // 3. The manifest.
  const manifest = {};
  for (const p of files) manifest[p] = sha256(readFileSync(join(dir, p))).digest('hex');
  const identity = identityOf(manifest);
  writeFileSync(join(dir, MANIFEST), JSON.stringify({ format: 'conclave-web-manifest/1', identity, files: manifest }, null, 2) + '\n');
  return { identity, files: manifest, pinned };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/pin.mjs DIR');
    process.exit(2);
  }
  console.log(pin(dir).identity);
}
