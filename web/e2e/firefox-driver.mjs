// Firefox driver for e2e/src/test/java/io/conclave/e2e/FirefoxMeetingTest.java: the same JSON-lines
// protocol as driver.mjs (Playwright, Chromium), over puppeteer-core and WebDriver BiDi to stock
// Firefox (FIREFOX, default /usr/bin/firefox-esr). Fake camera and microphone, no permission
// prompts, audio may start without a gesture. Each page is its own browser context (own storage,
// so its own device identity).
//
// An audio output, so that Firefox's AudioContexts run (the microphone reaches the AudioWorklet
// only through a running graph, and Firefox starts a graph only on a working output stream): with
// no sound card and no PulseAudio, every AudioContext stays "suspended". Firefox gets its own HOME
// whose ~/.asoundrc makes ALSA's default device a `file` plugin over `null`, piped into
// audio-sink.pl, which reads the WAV stream at its real-time byte rate: the pipe blocks the
// output thread, so Firefox's audio clock keeps real time (over `null` alone it runs ~170x too
// fast). `plug` caps the channel count: `null` and `file` advertise 2^30-1 channels, and Firefox's
// first output stream asks for the maximum (a buffer too large to start in time).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pageOf, serve, waitFor } from './driver-protocol.mjs';
import puppeteer from 'puppeteer-core';

const home = mkdtempSync(join(tmpdir(), 'conclave-firefox-home-'));
const sink = `exec /usr/bin/perl ${fileURLToPath(new URL('./audio-sink.pl', import.meta.url))}`;
writeFileSync(join(home, '.asoundrc'), `pcm.conclavesink { type file slave.pcm "null" file "|${sink}" format "wav" }
pcm.!default { type plug slave { pcm "conclavesink" channels 2 } }
`);
const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
  headless: true,
  protocolTimeout: 120_000,
  env: { ...process.env, HOME: home },
  extraPrefsFirefox: {
    'media.cubeb.backend': 'alsa',
    // Tab capture through getUserMedia({ video: { mediaSource: 'browser' } }): FirefoxMeetingTest's
    // stand-in for getDisplayMedia, which has no source in headless Firefox.
    'media.getusermedia.browser.enabled': true,
    'media.navigator.streams.fake': true,
    // 15 fps fake camera, as Chromium's (driver.mjs): the same work for both in a side-by-side measure.
    'media.navigator.video.default_fps': 15,
    'media.navigator.permission.disabled': true,
    'media.autoplay.default': 0,
    'media.autoplay.block-webaudio': false,
    'media.autoplay.blocking_policy': 0,
  },
});
const pages = new Map();
const page = (name) => pageOf(pages, name);

/** The first element matching `selector`, waited for (polled from here, not from the page). */
async function element(p, selector, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const e = await p.$(selector);
    if (e !== null) return e;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${selector}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ops = {
  async page(r) {
    const context = await browser.createBrowserContext();
    const p = await context.newPage();
    // No setViewport: Firefox ESR 140's BiDi lacks emulation.setScreenOrientationOverride, which puppeteer uses for it.
    p.setDefaultTimeout(90_000);
    p.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warn') process.stderr.write(`[${r.page}] ${m.type()}: ${m.text()}\n`); });
    p.on('pageerror', (e) => process.stderr.write(`[${r.page}] pageerror: ${e.message}\n`));
    pages.set(r.page, p);
    return {};
  },
  async initScript(r) { await page(r.page).evaluateOnNewDocument(r.script); return {}; },
  async goto(r) { await page(r.page).goto(r.url); return {}; },
  // Not puppeteer's locators: they poll through `new Function` in the page, which the relay's CSP
  // (script-src 'self' blob:, no 'unsafe-eval') refuses. A real click, through WebDriver input.
  async click(r) { const e = await element(page(r.page), r.selector); await e.click(); await e.dispose(); return {}; },
  async fill(r) {
    const e = await element(page(r.page), r.selector);
    await e.evaluate((el, text) => { el.focus(); el.value = text; el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); }, r.text);
    await e.dispose();
    return {};
  },
  async check(r) { await page(r.page).$eval(r.selector, (e) => { if (!e.checked) e.click(); }); return {}; },
  async eval(r) { return { value: await page(r.page).evaluate(`(async () => { ${r.expression} })()`) ?? null }; },
  async waitFor(r) { return { value: await waitFor(page(r.page), r.expression, r.timeoutMs ?? 10000) }; },
  async screenshot(r) { await page(r.page).screenshot({ path: r.path }); return {}; },
  async closePage(r) { const p = page(r.page); pages.delete(r.page); await p.browserContext().close(); return {}; },
  async version() { return { value: await browser.version() }; },
  async quit() { await browser.close(); rmSync(home, { recursive: true, force: true }); setTimeout(() => process.exit(0), 10); return {}; },
};

serve(ops, () => { void browser.close().then(() => { rmSync(home, { recursive: true, force: true }); process.exit(0); }); });
