// Playwright driver for the acceptance test (e2e/src/test/java/io/conclave/e2e/BrowserMeetingAcceptanceTest.java):
// JSON lines on stdin, one response per line on stdout, so the Java test holds all the logic and
// assertions. Requests: {"id":1,"op":"page","page":"alice","width":1280,"height":720}
//   ops: page, tab {of} (another page in the context of page `of`), viewport {width,height}, extensionPage {extension} (a page in a persistent context that loaded the unpacked
//        extension at that path: --load-extension, new headless mode), initScript {script}, goto {url}, click {selector}, fill {selector,text}, check {selector},
//        eval {expression} (an async function body; its JSON result is returned),
//        waitFor {expression, timeoutMs} (polls until truthy), screenshot {path}, closePage, quit.
import { pageOf, serve, waitFor } from './driver-protocol.mjs';
import { chromium } from 'playwright-core';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // 15 fps fake camera: three pages encode and decode at once on a 2-core CI machine.
  '--use-fake-device-for-media-stream=fps=15', '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required', '--auto-accept-this-tab-capture'];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS, headless: true });
const pages = new Map();
const page = (name) => pageOf(pages, name);

/** One persistent context per extension directory: extensions load only into persistent contexts. */
const extensionContexts = new Map();

async function extensionContext(dir) {
  let context = extensionContexts.get(dir);
  if (context === undefined) {
    // headless: true is Chromium's new headless mode (the whole browser, extensions included).
    context = await chromium.launchPersistentContext('', {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
      args: [...ARGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
      viewport: { width: 1280, height: 720 },
    });
    context.setDefaultTimeout(90_000);
    extensionContexts.set(dir, context);
  }
  return context;
}

const ops = {
  async extensionPage(r) {
    const p = await (await extensionContext(r.extension)).newPage();
    p.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') process.stderr.write(`[${r.page}] ${m.type()}: ${m.text()}\n`); });
    p.on('pageerror', (e) => process.stderr.write(`[${r.page}] pageerror: ${e.message}\n`));
    pages.set(r.page, p);
    return {};
  },
  /** The ids of the extensions loaded in the page's browser (from chrome://extensions, which may use chrome.management). */
  async extensionIds(r) {
    const p = page(r.page);
    await p.goto('chrome://extensions');
    return { value: await p.evaluate(() => new Promise((resolve) => chrome.management.getAll((all) => resolve(all.map((e) => e.id))))) };
  },
  async page(r) {
    const context = await browser.newContext({ viewport: { width: r.width ?? 1280, height: r.height ?? 720 }, permissions: ['camera', 'microphone'] });
    // Playwright's 30 s default is too short for a page load on a busy 2-core machine.
    context.setDefaultTimeout(90_000);
    const p = await context.newPage();
    p.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') process.stderr.write(`[${r.page}] ${m.type()}: ${m.text()}\n`); });
    p.on('pageerror', (e) => process.stderr.write(`[${r.page}] pageerror: ${e.message}\n`));
    pages.set(r.page, p);
    return {};
  },
  /** Another tab `page` in the browser context of page `of` (same storage, cookies and Web Locks). */
  async tab(r) {
    const p = await page(r.of).context().newPage();
    p.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') process.stderr.write(`[${r.page}] ${m.type()}: ${m.text()}\n`); });
    p.on('pageerror', (e) => process.stderr.write(`[${r.page}] pageerror: ${e.message}\n`));
    pages.set(r.page, p);
    return {};
  },
  /** Resizes the page's viewport (a desktop page seen at phone size, and back). */
  async viewport(r) { await page(r.page).setViewportSize({ width: r.width, height: r.height }); return {}; },
  /** Runs `script` in the page (not its workers) before any of its own scripts, on every navigation. */
  async initScript(r) { await page(r.page).addInitScript({ content: r.script }); return {}; },
  async goto(r) { await page(r.page).goto(r.url); return {}; },
  async click(r) { await page(r.page).click(r.selector); return {}; },
  async fill(r) { await page(r.page).fill(r.selector, r.text); return {}; },
  async check(r) { await page(r.page).check(r.selector); return {}; },
  async eval(r) { return { value: await page(r.page).evaluate(`(async () => { ${r.expression} })()`) ?? null }; },
  async waitFor(r) { return { value: await waitFor(page(r.page), r.expression, r.timeoutMs ?? 10000) }; },
  async screenshot(r) { await page(r.page).screenshot({ path: r.path }); return {}; },
  async closePage(r) {
    const p = page(r.page);
    // A tab opened with `tab` shares its context: only the last of its pages closes the context.
    if ([...extensionContexts.values()].includes(p.context()) || [...pages.values()].some((o) => o !== p && o.context() === p.context())) await p.close();
    else await p.context().close();
    pages.delete(r.page);
    return {};
  },
  async quit() { for (const c of extensionContexts.values()) await c.close(); await browser.close(); setTimeout(() => process.exit(0), 10); return {}; },
};

serve(ops, () => { void browser.close().then(() => process.exit(0)); });
