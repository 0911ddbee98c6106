// The editor's path through /admin/draft in a real browser (digest.approval: required).
// Environment: BASE_URL (digest serve, dev outbox on), SCREENSHOTS (folder), CHROMIUM (binary),
// HEADLINE (a title the draft carries). Exits 0 when every step passed; prints one line per step.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
const shots = process.env.SCREENSHOTS ?? 'target/screenshots';
const headline = process.env.HEADLINE ?? '';
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

function step(name) { console.log(`step: ${name}`); }

/** Full-page screenshots at phone and desktop width; nothing may scroll the page sideways. */
async function snap(name) {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${name} at ${width}px scrolls sideways by ${overflow}px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

try {
  step('a send with approval required builds a draft; the admin page links to it');
  await page.goto(`${base}/admin/send`);
  await page.getByLabel('Yes, send it to every active subscriber now').check();
  await page.getByRole('button', { name: 'Send now' }).click();
  let waiting = page.locator('#draft-waiting');
  for (let i = 0; i < 100; i++) {
    await page.goto(`${base}/admin`);
    if (await waiting.count() > 0) break;
    await page.waitForTimeout(300);
  }
  await waiting.getByRole('link', { name: /Draft waiting: edition #1/ }).click();
  await page.getByRole('heading', { name: 'Draft: edition #1' }).waitFor();
  if (headline) await page.locator('li.draft-item', { hasText: headline }).first().waitFor();
  const count = await page.locator('li.draft-item').count();
  assert.ok(count >= 2, `the draft lists its articles (${count})`);
  // The preview is the mail itself, in a sandboxed frame of ours: it must load, not be blocked.
  if (headline) await page.frameLocator('iframe.mail').getByText(headline).first().waitFor();
  await snap('admin-draft');

  step('at 375 px: a comment through the form shows under the title');
  await page.setViewportSize({ width: 375, height: 812 });
  await page.getByLabel('Comment on article 1', { exact: true }).fill('Read this one first <really>');
  await page.getByRole('button', { name: 'Save the comment on article 1', exact: true }).click();
  await page.getByText('The comment was saved.').waitFor();
  await page.locator('#item-1 .draft-comment', { hasText: 'Read this one first <really>' }).waitFor();
  await page.locator('#draft-log', { hasText: 'commented 1: Read this one first <really>' }).waitFor();
  await snap('admin-draft-commented');

  step('at 1280 px: pin the last article first; the order changes');
  const last = await page.locator(`#item-${count} .draft-title a, #item-${count} .draft-title span:not(.pos)`).first().innerText();
  await page.getByRole('button', { name: `Pin article ${count} first`, exact: true }).click();
  await page.getByText('The item was pinned first.').waitFor();
  const first = await page.locator('#item-1 .draft-title a, #item-1 .draft-title span:not(.pos)').first().innerText();
  assert.equal(first, last, 'the pinned article comes first');

  step('approve: confirmation box, then the delivery outcome on the page');
  await page.getByLabel(/Yes, the draft is ready/).check();
  await page.getByRole('button', { name: /^Approve and send to \d+ subscribers?$/ }).click();
  await page.locator('#approval-outcome', { hasText: 'Edition #1 approved and delivered' }).waitFor({ timeout: 60000 });
  await page.locator('#no-draft', { hasText: 'edition #1 was sent' }).waitFor();
  await snap('admin-draft-approved');

  assert.deepEqual(consoleErrors, [], `no console errors (a CSP violation would show here): ${consoleErrors.join(' / ')}`);
  console.log('draft flow: ok');
} catch (e) {
  await page.screenshot({ path: join(shots, 'draft-failure.png'), fullPage: true }).catch(() => {});
  console.error(`draft flow failed at ${page.url()}: ${e.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
