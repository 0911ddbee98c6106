// The reader's and the operator's path through the digest web site, in a real browser.
// Environment: BASE_URL (digest serve, dev outbox on), SCREENSHOTS (folder), CHROMIUM (binary).
// Exits 0 when every step passed; prints one line per step.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as browser from './browser.mjs';

const { base, shots, step } = browser;
const email = process.env.READER ?? 'reader@example.net';
const headline = process.env.HEADLINE ?? '';
const { context, page, profile, consoleErrors } = await browser.open();
const snap = (name) => browser.snap(page, name);

/** The first link containing `marker` in the reader's confirmation mail, or in their digest. */
async function linkFromOutbox(confirmation, marker) {
  await browser.openMail(page, email, confirmation ? { hasText: 'confirm' } : { hasNotText: 'confirm' },
    `a ${confirmation ? 'confirmation' : 'digest'} mail`);
  return await page.locator(`a[href*="${marker}"]`).first().getAttribute('href');
}

try {
  step('home page has a labelled subscribe form');
  await page.goto(`${base}/`);
  await snap('home');
  const input = page.getByLabel('Your e-mail address');
  await input.fill(email);
  // Keyboard only: Enter submits the form.
  await input.press('Enter');
  await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
  await snap('check-inbox');

  step('the confirmation mail is in the outbox; its link shows a button');
  const confirmUrl = await linkFromOutbox(true, '/confirm?token=');
  assert.ok(confirmUrl.startsWith(base), confirmUrl);
  await page.goto(confirmUrl);
  await snap('confirm');
  await page.getByRole('button', { name: 'Yes, subscribe me' }).click();
  await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
  await snap('subscribed');

  step('admin preview shows the next edition');
  await page.goto(`${base}/admin/preview`);
  if (headline) await page.getByText(headline).first().waitFor();
  await snap('admin-preview');

  step('admin send: confirmation step, then live progress until delivered');
  await page.goto(`${base}/admin`);
  await snap('admin');
  await page.goto(`${base}/admin/send`);
  await page.getByText('1', { exact: true }).first().waitFor();
  await snap('admin-send');
  await page.getByLabel('Yes, send it to every active subscriber now').check();
  await page.getByRole('button', { name: 'Send now' }).click();
  // The progress page reloads itself (meta refresh) until the delivery is over.
  await page.getByText(/Edition #1 delivered/).waitFor({ timeout: 60000 });
  await snap('admin-progress');

  step('the digest arrived; its link opens "Manage what you get": a pause saved, then unsubscribe');
  const unsubscribeUrl = await linkFromOutbox(false, '/unsubscribe?token=');
  await page.goto(unsubscribeUrl);
  await page.getByRole('heading', { name: 'Manage what you get' }).waitFor();
  await snap('preferences');
  await page.locator('select[name=pause]').selectOption('2');
  await page.getByRole('button', { name: 'Save my choices' }).click();
  await page.getByText('Saved. The next edition follows these choices.').waitFor();
  await page.getByText(/Paused until/).waitFor();
  await snap('unsubscribe');
  await page.getByRole('button', { name: 'Unsubscribe me' }).click();
  await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
  await snap('unsubscribed');

  step('the archive lists the edition and shows it as a page');
  await page.goto(`${base}/archive`);
  await snap('archive');
  await page.locator('a[href="/archive/1"]').first().click();
  if (headline) await page.getByText(headline).first().waitFor();
  await snap('edition');

  step('subscriber list in admin shows the reader as unsubscribed');
  await page.goto(`${base}/admin/subscribers?q=${encodeURIComponent(email)}`);
  await page.getByRole('cell', { name: 'unsubscribed' }).waitFor();
  await snap('admin-subscribers');

  step('admin feeds: health of every feed; a feed already configured is refused with a message');
  await page.goto(`${base}/admin/feeds`);
  await page.getByRole('heading', { name: 'Feeds', exact: true }).waitFor();
  await page.getByText('edit feeds.yml to change').first().waitFor();
  await snap('admin-feeds');
  if (process.env.FEED_URL) {
    await page.getByLabel("Add a feed by its URL or its site's").fill(process.env.FEED_URL);
    await page.getByRole('button', { name: 'Add feed' }).click();
    await page.locator('#feed-error', { hasText: 'is already configured' }).waitFor();
    // The refusal names a long URL: it must wrap, not widen the page.
    await snap('admin-feeds-refused');
    // The refusal answers 409 on purpose, and Chromium logs every 4xx document as a console
    // error: that one line is expected, anything else still fails the flow.
    const expected = consoleErrors.findIndex((e) => /\/admin\/feeds\/add: .*status of 409/.test(e));
    assert.ok(expected >= 0, 'the refused add answered 409');
    consoleErrors.splice(expected, 1);
  }

  assert.deepEqual(consoleErrors, [], `no console errors (a CSP violation would show here): ${consoleErrors.join(' / ')}`);
  console.log('browser flow: ok');
} catch (e) {
  await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {});
  console.error(`browser flow failed at ${page.url()}: ${e.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
