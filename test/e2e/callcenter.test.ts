import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { columnHeader, INTAKE_COLUMNS } from '../../shared/schemas/intakeSheet.js';
import { testClock, type TestClock } from '../support/clock.js';
import { fileCase, relogin } from '../support/fixtures.js';
import { startLiveServer, type LiveFixture } from '../support/live.js';
import { openAs, screenshot, webBrowser, type UserPage } from '../support/web.js';

vi.setConfig({ testTimeout: 60_000 });

let f: LiveFixture;
let clock: TestClock;
let browser: Browser;
let cc: UserPage;

beforeAll(async () => {
  clock = testClock('2026-11-25T02:00:00Z');
  f = await startLiveServer(clock, { RA_TOKEN_TTL_MINUTES: '30' });
  browser = await webBrowser();
  cc = await openAs(browser, f.server, 'cca');
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await f?.server.close();
});

const form = () => cc.page.locator('form.request-form');
const errorOf = (name: string) => cc.page.locator(`.field:has([name="${name}"]) .field-error`);

describe('the request form', () => {
  it('shows the shared schema’s refusals inline, in place, and sends nothing', async () => {
    await cc.page.getByRole('link', { name: 'New request' }).click();
    await form().getByRole('button', { name: 'Send to the HelpDesk' }).click();
    await expect.poll(() => errorOf('customerName').textContent()).toBe('This field is required.');
    expect(await errorOf('siteUrl').textContent()).toBe('This field is required.');
    expect(await cc.page.locator('.field:has([name="handOverConsent"]) .field-error').textContent()).toContain('must consent');
    await cc.page.getByLabel('Symptoms (specific: what, where, since when)').fill('video does not play');
    await cc.page.getByRole('radio', { name: 'Yes' }).check();
    await form().getByRole('button', { name: 'Send to the HelpDesk' }).click();
    await expect.poll(() => errorOf('symptoms').textContent()).toContain('Describe the symptoms specifically');
    expect(await cc.page.locator('#reproduces-error').textContent()).toContain('not a second-level case (procedure §7.8)');
    await screenshot(cc.page, 'callcenter-form-errors');
    expect((await f.staff.engineer.get('/api/cases')).body).toEqual([]);
  });

  it('after a refused send, focuses the first field to correct and sums the problems up by the button', async () => {
    await cc.page.reload();
    const send = form().getByRole('button', { name: 'Send to the HelpDesk' });
    await send.click();
    // The first empty required field of the page (the date and the agent come filled in).
    await expect.poll(() => cc.page.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('name'))).toBe('customerName');
    const summary = cc.page.getByTestId('problem-summary');
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(await summary.textContent()).toMatch(/^\d+ fields need correcting before the request can be sent:/);
    expect(await summary.textContent()).toContain('Customer name: This field is required.');
    expect(await summary.textContent()).toContain('Address of the site the customer uses: This field is required.');
    // Right by the button, not a screen away.
    const [s, b] = [(await summary.boundingBox())!, (await send.boundingBox())!];
    expect(b.y - (s.y + s.height)).toBeGreaterThanOrEqual(0);
    expect(b.y - (s.y + s.height)).toBeLessThan(40);
    await summary.getByRole('button', { name: 'Address of the site the customer uses' }).click();
    expect(await cc.page.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('name'))).toBe('siteUrl');
  });

  it('shows the server’s refusal at its field too (a date in the future needs the server’s clock)', async () => {
    await cc.page.getByLabel('Date of the first-level consultation').fill('2026-12-31');
    await cc.page.getByLabel('Customer name').fill('Kim Customer');
    await cc.page.getByLabel('Contact number').fill('010-1111-2222');
    await cc.page.getByLabel('Address of the site the customer uses').fill('https://site.example/lecture');
    await cc.page.getByLabel('Symptoms (specific: what, where, since when)').fill('The player shows a black screen after the first minute of every lecture');
    await cc.page.getByRole('radio', { name: 'No' }).check();
    await cc.page.getByLabel(/consented to be handed over/).check();
    await form().getByRole('button', { name: 'Send to the HelpDesk' }).click();
    await expect.poll(() => errorOf('firstConsultationDate').textContent()).toBe('The date cannot be in the future.');
  });

  it('never keeps the site password in the draft, and asks for it again after a reload', async () => {
    const secret = 'Draft-Secret-Pw-913';
    await cc.page.getByLabel('Site user ID (optional)').fill('kim.site');
    await cc.page.getByLabel('Site password (optional)').fill(secret);
    await cc.page.getByLabel('Customer name').fill('Kim Customer'); // one more change after the password
    const stored = () => cc.page.evaluate(() => {
      const all: string[] = [];
      for (const storage of [(globalThis as any).sessionStorage, (globalThis as any).localStorage]) {
        for (let i = 0; i < storage.length; i++) all.push(`${storage.key(i)}=${storage.getItem(storage.key(i))}`);
      }
      return all.join('\n');
    });
    await expect.poll(stored).toContain('kim.site');
    expect(await stored()).not.toContain(secret);
    expect(await stored()).not.toContain(secret.slice(0, 8));
    await cc.page.reload();
    await expect.poll(() => cc.page.getByLabel('Site user ID (optional)').inputValue()).toBe('kim.site');
    expect(await cc.page.getByLabel('Site password (optional)').inputValue()).toBe('');
    expect(await cc.page.getByTestId('retype-password').textContent()).toBe('The site password is not kept in the draft: type it again.');
    await cc.page.getByLabel('Site password (optional)').fill(secret);
    await expect.poll(() => cc.page.getByTestId('retype-password').count()).toBe(0);
    expect(await stored()).not.toContain(secret);
    // Leave the draft without credentials for what follows.
    await cc.page.getByLabel('Site user ID (optional)').fill('');
    await cc.page.getByLabel('Site password (optional)').fill('');
  });

  it('keeps the draft through a reload and through an expired login', async () => {
    await cc.page.reload();
    await expect.poll(() => cc.page.getByLabel('Customer name').inputValue()).toBe('Kim Customer');
    await cc.page.getByLabel('Date of the first-level consultation').fill('2026-11-24');
    await clock.advance(31 * 60_000); // the token expires
    await form().getByRole('button', { name: 'Send to the HelpDesk' }).click();
    const dialog = cc.page.getByRole('dialog', { name: 'Log in' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('your work is kept');
    await dialog.getByLabel('Password').fill('staff-password-1');
    await dialog.getByRole('button', { name: 'Log in' }).click();
    const sent = cc.page.getByRole('status').filter({ hasText: 'The case reference is' });
    await expect.poll(() => sent.count()).toBe(1);
    f.staff = await relogin(f.server, f.staff); // the API clients' tokens expired with the clock too
    expect((await f.staff.engineer.get('/api/cases')).body[0]).toMatchObject({ customerName: 'Kim Customer' });
  });
});

describe('the Excel upload', () => {
  it('reports row by row which rows became which cases, and offers the templates', async () => {
    await cc.page.getByRole('link', { name: 'Excel upload' }).click();
    const download = cc.page.waitForEvent('download');
    await cc.page.getByRole('button', { name: 'Download the Excel template' }).click();
    expect((await download).suggestedFilename()).toBe('second-level-request-template.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('requests');
    sheet.addRow(INTAKE_COLUMNS.map(columnHeader));
    const row = (symptoms: string) =>
      INTAKE_COLUMNS.map((c) => {
        const key = c.path.join('.');
        const values: Record<string, string> = {
          firstConsultationDate: '2026-11-24', requestingAgent: '김상담', customerName: '이고객', contactNumber: '010-2222-3333',
          siteUrl: 'https://lectures.alpha.example', symptoms, reproducesOnCallCenterPc: 'N', handOverConsent: 'Y', urgent: 'N',
        };
        if (key.endsWith('.done')) return 'Y';
        if (key.endsWith('.result')) return '정상';
        return values[key] ?? '';
      });
    sheet.addRow(row('강의 영상 재생 시 10초마다 끊기고 화면이 검게 멈춤'));
    sheet.addRow(row('안 나와요'));
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    await cc.page.getByLabel('File (.xlsx or .csv)').setInputFiles({ name: 'requests.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
    await cc.page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => cc.page.locator('.upload-result').textContent()).toContain('1 of 2 rows became cases.');
    const rows = cc.page.locator('.upload-result tbody tr');
    expect(await rows.nth(0).textContent()).toMatch(/^2ImportedRA-\d{6}$/);
    expect(await rows.nth(1).textContent()).toContain('장애 증상 / Symptoms: Describe the symptoms specifically');
    await screenshot(cc.page, 'callcenter-upload');
  });
});

describe('what call-center staff may see', () => {
  it('lists their company’s cases with status and outcome, and nothing else', async () => {
    const other = await fileCase(f.staff.callcenterB);
    await cc.page.getByRole('link', { name: 'Our cases' }).click();
    await expect.poll(() => cc.page.locator('table.cases tbody tr').count()).toBe(2);
    expect(await cc.page.locator('table.cases').textContent()).not.toContain(other.ref);
    await screenshot(cc.page, 'callcenter-our-cases');
    await cc.page.goto(`${f.server.url}/cases/${other.id}`);
    await expect.poll(() => cc.page.getByRole('alert').textContent()).toBe('Not found.');
    await cc.page.goto(`${f.server.url}/queue`);
    await expect.poll(() => cc.page.url()).toBe(`${f.server.url}/cases`);
    await cc.page.goto(`${f.server.url}/admin/users`);
    await expect.poll(() => cc.page.url()).toBe(`${f.server.url}/cases`);
    expect(cc.problems).toEqual([]);
  });
});
