#!/usr/bin/env node
/**
 * The reproducibility check (run by Maven's test phase of the web module, hence by
 * `./conclave test`): builds the production client twice, once from this directory and once from a
 * copy of its sources at another path, each into its own fresh directory, and fails unless both
 * manifests (and so both identities) are equal, every file is byte-identical, and no output names
 * either source directory. Prints the identity. Node modules are shared (a symlink): they come
 * from the lock file either way.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MANIFEST, identityOf } from './pin.mjs';

const here = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'conclave-repro-'));
const SOURCES = ['index.html', 'src', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', 'vite.config.ts', 'patches'];

function build(root, out) {
  execFileSync(process.execPath, [join(here, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
    cwd: root, env: { ...process.env, CONCLAVE_WEB_OUT: out }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  return JSON.parse(readFileSync(join(out, MANIFEST), 'utf8'));
}

function files(dir) {
  const out = [];
  const walk = (d) => readdirSync(d).forEach((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : out.push(relative(dir, join(d, n)))));
  walk(dir);
  return out.sort();
}

let failed = false;
try {
  const copy = join(work, 'elsewhere', 'web');
  for (const s of SOURCES) cpSync(join(here, s), join(copy, s), { recursive: true });
  symlinkSync(join(here, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const outA = join(work, 'a');
  const outB = join(work, 'b');
  const a = build(here, outA);
  const b = build(copy, outB);
  const problems = [];
  if (identityOf(a.files) !== a.identity) problems.push('manifest a: identity does not match its files');
  const paths = new Set([...Object.keys(a.files), ...Object.keys(b.files)]);
  for (const p of [...paths].sort()) {
    if (a.files[p] !== b.files[p]) problems.push(`${p}: ${a.files[p] ?? 'missing'} vs ${b.files[p] ?? 'missing'}`);
  }
  if (a.identity !== b.identity) problems.push(`identity ${a.identity} vs ${b.identity}`);
  const listed = files(outA).filter((f) => f !== MANIFEST).map((f) => '/' + f.split('\\').join('/'));
  if (JSON.stringify(listed) !== JSON.stringify(Object.keys(a.files).sort())) problems.push('manifest does not list exactly the built files');
  for (const f of files(outA)) {
    const bytesA = readFileSync(join(outA, f));
    if (!bytesA.equals(readFileSync(join(outB, f)))) problems.push(`${f}: bytes differ`);
    const text = bytesA.toString('latin1');
    for (const dir of [here, copy, work]) if (text.includes(dir.replace(/\/$/, ''))) problems.push(`${f} names the build directory ${dir}`);
  }
  if (problems.length > 0) {
    failed = true;
    console.error('web build is NOT reproducible:\n  ' + problems.join('\n  '));
  } else {
    console.log(`web build reproducible: ${Object.keys(a.files).length} files, identity ${a.identity}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
