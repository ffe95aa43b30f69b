// Loads a relay-served web client in headless Chromium and reports what happened: console errors
// (CSP violations included), page errors, refused workers, and whether the meeting view came up.
// Usage: node e2e/smoke-pinned.mjs BASE_URL  → one JSON line.
import { chromium } from 'playwright-core';

const base = process.argv[2];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'],
});
const result = { errors: [], joined: false };
try {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('404')) result.errors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) result.errors.push(r.status() + ' ' + r.url()); });
  page.on('pageerror', (e) => result.errors.push('pageerror: ' + e.message));
  await page.goto(base + '/');
  await page.waitForSelector('#create', { timeout: 20000 });
  result.createClickAt = await page.evaluate(() => Math.round(performance.now()));
  await page.click('#create', { timeout: 20000 });
  await page.waitForSelector('#join', { timeout: 20000 });
  await page.fill('#name', 'Smoke');
  await page.waitForFunction(() => performance.getEntriesByName('conclave:socket-open').length > 0, null, { timeout: 30000 });
  result.lobbySocketOpenMs = await page.evaluate(() => Math.round(performance.getEntriesByName('conclave:socket-open')[0].startTime)) - result.createClickAt;
  await page.click('#join');
  try {
    await page.waitForFunction(() => document.querySelector('#invite-link')?.value?.includes('#'), null, { timeout: 20000 });
    result.joined = true;
  } catch (e) {
    result.joinError = String(e.message).split('\n')[0];
  }
  await page.waitForTimeout(1500);
  result.status = await page.evaluate(() => document.querySelector('#status')?.textContent ?? null);
  result.probe = await page.evaluate(() => typeof window.conclave);
  result.pinnedMs = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('measure')
    .filter((m) => m.name.startsWith('conclave:pinned ')).map((m) => [m.name.slice(16), [Math.round(m.startTime), Math.round(m.duration)]])));
  result.marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]));
  result.dcl = await page.evaluate(() => Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd));
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
