// A reader's choices in a real browser (digest.reader-feed-choice: true): subscribe, confirm,
// open "Manage what you get" from the confirmation page, leave out the Crafts topic and the
// Harbour Analysis feed, save; the admin sends, and the reader's edition has only what they kept.
// Environment: BASE_URL (digest serve, dev outbox on), SCREENSHOTS, CHROMIUM.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { base, open, openMail, shots, snap, step } from './browser.mjs';

const email = 'chooser@example.net';
const { context, page, profile, consoleErrors } = await open();
try {
  step('subscribe and confirm');
  await page.goto(`${base}/`);
  const input = page.getByLabel('Your e-mail address');
  await input.fill(email);
  await input.press('Enter');
  await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
  await openMail(page, email, { hasText: 'confirm' }, 'a confirmation mail');
  await page.goto(await page.locator('a[href*="/confirm?token="]').first().getAttribute('href'));
  await page.getByRole('button', { name: 'Yes, subscribe me' }).click();
  await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();

  step('the confirmation page opens "Manage what you get": topics and feeds, by name');
  await page.getByRole('link', { name: /Choose how often/ }).click();
  await page.getByRole('heading', { name: 'Manage what you get' }).waitFor();
  await page.getByRole('group', { name: 'Feeds' }).waitFor();
  await snap(page, 'preferences-feeds');
  // At phone width too: the boxes are usable where they stand.
  await page.setViewportSize({ width: 375, height: 812 });
  await page.getByRole('checkbox', { name: 'crafts' }).uncheck();
  await page.getByRole('checkbox', { name: 'Harbour Analysis' }).uncheck();
  await page.getByRole('button', { name: 'Save my choices' }).click();
  await page.getByText('Saved. The next edition follows these choices.').waitFor();
  assert.equal(await page.getByRole('checkbox', { name: 'crafts' }).isChecked(), false);
  assert.equal(await page.getByRole('checkbox', { name: 'Harbour Analysis' }).isChecked(), false);
  assert.equal(await page.getByRole('checkbox', { name: 'Harbour Gazette' }).isChecked(), true);
  await snap(page, 'preferences-saved');

  step('the admin sends; the reader gets only the Gazette\'s news');
  await page.goto(`${base}/admin/send`);
  await page.getByLabel('Yes, send it to every active subscriber now').check();
  await page.getByRole('button', { name: 'Send now' }).click();
  await page.getByText(/Edition #1 delivered/).waitFor({ timeout: 60000 });
  await openMail(page, email, { hasNotText: 'confirm' }, 'the edition');
  const body = await page.locator('body').innerText();
  assert.ok(body.includes('Ferry timetable changes for winter'), 'the Gazette item is there');
  assert.ok(!body.includes('Sharpening chisels by hand'), 'no Crafts item');
  assert.ok(!body.includes('Council approves tidal barrier'), 'no Harbour Analysis item');
  await snap(page, 'preferences-edition');

  assert.deepEqual(consoleErrors, [], 'no console errors');
  console.log('preferences flow: ok');
} catch (e) {
  await page.screenshot({ path: join(shots, 'preferences-failure.png'), fullPage: true }).catch(() => {});
  console.error(`preferences flow failed at ${page.url()}: ${e.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
