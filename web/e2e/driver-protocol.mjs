import { createInterface } from 'node:readline';

// What both browser drivers (driver.mjs: Chromium via playwright-core; firefox-driver.mjs: Firefox
// via puppeteer-core) share: the JSON-lines protocol with the Java tests, and waiting in a page.

/** The page called `name` in `pages`, or throws. */
export function pageOf(pages, name) {
  const p = pages.get(name);
  if (p === undefined) throw new Error('no page ' + name);
  return p;
}

/**
 * Evaluates `expression` (an async function body) in page `p` every 50 ms until it is truthy, and
 * returns that value. An expression that throws (an element not rendered yet, a page
 * mid-navigation) is "not yet"; the last error is reported if the time runs out.
 */
export async function waitFor(p, expression, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  let error;
  for (;;) {
    try {
      last = await p.evaluate(`(async () => { ${expression} })()`);
      error = undefined;
    } catch (e) {
      last = undefined;
      error = e;
    }
    if (last) return last;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for: ${expression}${error === undefined ? '' : ` (last error: ${error.message})`}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Serves `ops` over stdin/stdout: one JSON request per line (`{id, op, page, ...}`), answered in
 * order by one line `{id, ok: true, ...result}` or `{id, ok: false, error}`. `onClose` runs when
 * stdin ends.
 */
export function serve(ops, onClose) {
  const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
  const lines = createInterface({ input: process.stdin });
  let chain = Promise.resolve();
  lines.on('line', (line) => {
    chain = chain.then(async () => {
      let r;
      try {
        r = JSON.parse(line);
        const op = ops[r.op];
        if (op === undefined) throw new Error('unknown op ' + r.op);
        out({ id: r.id, ok: true, ...(await op(r)) });
      } catch (e) {
        out({ id: r?.id ?? null, ok: false, error: String(e?.stack ?? e) });
      }
    });
  });
  lines.on('close', onClose);
}
