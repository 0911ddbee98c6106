// What the browser scripts share: Chromium as these machines run it, full-page screenshots at
// phone and desktop width (nothing may scroll sideways), and the dev outbox's mails.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export const base = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
export const shots = process.env.SCREENSHOTS ?? 'target/screenshots';

/** A headless Chromium page; console errors are collected in `consoleErrors`. */
export async function open() {
  mkdirSync(shots, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'digest-chromium-'));
  // As root on a closed network: no sandbox, and no background connections Chromium would try.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(15000);
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`); });
  return { context, page, profile, consoleErrors };
}

export function step(name) { console.log(`step: ${name}`); }

/** Full-page screenshots of the current page at 375 and 1280 px. */
export async function snap(page, name) {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${name} at ${width}px scrolls sideways by ${overflow}px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * Opens the HTML of the newest mail to `email` in the outbox whose row matches `filter` (a
 * Playwright locator filter), looking again for a few seconds: mail goes out after a page answers.
 */
export async function openMail(page, email, filter, what) {
  let rows;
  for (let i = 0; i < 50; i++) {
    await page.goto(`${base}/outbox`);
    rows = page.locator('table.outbox tbody tr', { hasText: email }).filter(filter);
    if (await rows.count() > 0) break;
    await page.waitForTimeout(200);
  }
  assert.ok(await rows.count() > 0, `${what} to ${email} in the outbox`);
  const href = await rows.first().locator('a').getAttribute('href');
  await page.goto(`${base}${href}/html`);
}
