// Audio sink for the Firefox e2e driver (firefox-driver.mjs): reads a WAV stream on stdin and
// discards it at its real-time byte rate (from the header), so the writer (ALSA's file plugin in
// Firefox's audio thread) blocks as it would on a sound card.
import { readSync } from 'node:fs';
const buf = Buffer.alloc(65536);
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
function readExactly(n) {
  let got = 0;
  while (got < n) { const r = readSync(0, buf, got, n - got); if (r === 0) process.exit(0); got += r; }
}
readExactly(44);
const byteRate = buf.readUInt32LE(28) || 352800;
const start = performance.now();
let consumed = 0;
for (;;) {
  const due = Math.floor(byteRate * ((performance.now() - start) / 1000 + 0.02)) - consumed;
  if (due <= 0) { sleep(5); continue; }
  let r;
  try { r = readSync(0, buf, 0, Math.min(due, buf.length)); } catch (e) { if (e.code === 'EAGAIN') { sleep(5); continue; } throw e; }
  if (r === 0) process.exit(0);
  consumed += r;
}
