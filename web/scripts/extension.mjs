#!/usr/bin/env node
/**
 * Builds the Conclave browser extension (Manifest V3, Chromium; docs/SECURITY.md, "Trusting the
 * web client") into target/extension: the production client exactly as pinned
 * (target/classes/web, every file checked against its conclave-manifest.json, so the extension
 * holds the client of that identity), plus extension/manifest.json (its fixed id, its CSP, no
 * permissions) and extension/extension-background.js (the toolbar button opens the client).
 * The extension page is the client: chrome-extension://ID/index.html.
 *
 * Usage: node scripts/extension.mjs [WEB_DIR [OUT_DIR]]
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { identityOf, MANIFEST } from './pin.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(process.argv[2] ?? join(here, '../target/classes/web'));
const out = resolve(process.argv[3] ?? join(here, '../target/extension'));
const source = join(here, '../extension');

const manifest = JSON.parse(readFileSync(join(web, MANIFEST), 'utf8'));
if (identityOf(manifest.files) !== manifest.identity) throw new Error(`${web}: the manifest's identity is not that of its files`);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const [path, hex] of Object.entries(manifest.files)) {
  const bytes = readFileSync(join(web, path));
  if (createHash('sha256').update(bytes).digest('hex') !== hex) throw new Error(`${path} does not match the manifest`);
  mkdirSync(dirname(join(out, path)), { recursive: true });
  writeFileSync(join(out, path), bytes);
}
cpSync(join(web, MANIFEST), join(out, MANIFEST));
for (const f of ['manifest.json', 'extension-background.js']) {
  if (manifest.files['/' + f] !== undefined) throw new Error(`the client already has a file ${f}`);
  cpSync(join(source, f), join(out, f));
}
const key = Buffer.from(JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8')).key, 'base64');
const id = [...createHash('sha256').update(key).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
console.log(`conclave extension: chrome-extension://${id}/index.html with web client identity ${manifest.identity} (${out})`);
