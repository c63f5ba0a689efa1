import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contactedCase, startLiveServer, type LiveFixture } from '../support/live.js';
import { ADMIN } from '../support/server.js';
import { openAs, screenshot, webBrowser, type UserPage } from '../support/web.js';

vi.setConfig({ testTimeout: 60_000 });

let f: LiveFixture;
let browser: Browser;
let admin: UserPage;

beforeAll(async () => {
  f = await startLiveServer(undefined);
  browser = await webBrowser();
  admin = await openAs(browser, f.server, ADMIN.username);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await f?.server.close();
});

describe('administration', () => {
  it('creates companies with their report address, and refuses a bad one at its field', async () => {
    await admin.page.getByLabel('Name', { exact: true }).fill('Gamma Edu');
    await admin.page.getByLabel('Report e-mail address', { exact: true }).fill('not-an-email');
    await admin.page.getByRole('button', { name: 'Add company' }).click();
    await expect.poll(() => admin.page.locator('.field:has([name="reportEmail"]) .field-error').textContent()).toBe('This value is not valid.');
    await admin.page.getByLabel('Report e-mail address', { exact: true }).fill('cs@gamma.example');
    await admin.page.getByRole('button', { name: 'Add company' }).click();
    await expect.poll(() => admin.page.locator('table tbody').textContent()).toContain('Gamma Edu');
    await screenshot(admin.page, 'admin-companies');
  });

  it('creates a call-center user for a company and disables one — whose open page then asks to log in', async () => {
    await admin.page.getByRole('link', { name: 'Users' }).click();
    await admin.page.getByLabel('Username').fill('ccg');
    await admin.page.getByLabel('Display name').fill('Gamma Agent');
    await admin.page.getByLabel('Role').selectOption('callcenter');
    await admin.page.getByLabel('Company').selectOption({ label: 'Gamma Edu' });
    await admin.page.getByLabel(/^Password/).fill('gamma-password-1');
    await admin.page.getByRole('button', { name: 'Add user' }).click();
    await expect.poll(() => admin.page.locator('table tbody').textContent()).toContain('Gamma Agent');
    const gamma = await openAs(browser, f.server, 'ccg', { password: 'gamma-password-1' });
    await admin.page.locator('tr', { hasText: 'Gamma Agent' }).getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => admin.page.locator('tr', { hasText: 'Gamma Agent' }).textContent()).toContain('Enable');
    await gamma.page.getByRole('link', { name: 'Excel upload' }).click();
    await gamma.page.getByRole('link', { name: 'Our cases' }).click();
    await expect.poll(() => gamma.page.getByRole('dialog', { name: 'Log in' }).isVisible()).toBe(true);
    await screenshot(admin.page, 'admin-users');
  });

  it('keeps closure days', async () => {
    await admin.page.getByRole('link', { name: 'Closure days' }).click();
    await admin.page.getByLabel('Date').fill('2027-06-03');
    await admin.page.getByLabel('Reason').fill('Local elections');
    await admin.page.getByRole('button', { name: 'Add closure day' }).click();
    await expect.poll(() => admin.page.locator('table tbody').textContent()).toContain('Local elections');
    await screenshot(admin.page, 'admin-closures');
    await admin.page.locator('tr', { hasText: 'Local elections' }).getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => admin.page.locator('table tbody tr').count()).toBe(0);
  });

  it('shows the outbox of report mails and their delivery', async () => {
    const caseId = await contactedCase(f);
    await f.staff.engineer.post(`/api/cases/${caseId}/reports`, { cause: 'user_knowledge', actions: 'Explained the player controls.', outcome: 'explained' });
    await admin.page.getByRole('link', { name: 'Outbox' }).click();
    // The page shows what was true when it loaded; delivery may land after that, so refresh as a user would.
    await expect
      .poll(async () => {
        await admin.page.getByRole('button', { name: 'Refresh' }).click();
        return admin.page.locator('table tbody').textContent();
      })
      .toContain('written to the outbox');
    expect(await admin.page.locator('table tbody').textContent()).toContain('reports@alpha.example');
    await screenshot(admin.page, 'admin-outbox');
    expect(admin.problems).toEqual([]);
  });
});
