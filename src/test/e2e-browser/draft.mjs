// The editor's path through /admin/draft in a real browser (digest.approval: required).
// Environment: BASE_URL (digest serve, dev outbox on), SCREENSHOTS (folder), CHROMIUM (binary),
// HEADLINE (a title the draft carries). Exits 0 when every step passed; prints one line per step.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as browser from './browser.mjs';

const { base, shots, step } = browser;
const headline = process.env.HEADLINE ?? '';
const { context, page, profile, consoleErrors } = await browser.open();
const snap = (name) => browser.snap(page, name);

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
