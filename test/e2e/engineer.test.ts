import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testClock } from '../support/clock.js';
import { fileCase } from '../support/fixtures.js';
import { startLiveServer, type LiveFixture } from '../support/live.js';
import { openAs, screenshot, webBrowser, type UserPage } from '../support/web.js';

vi.setConfig({ testTimeout: 60_000 });

let f: LiveFixture;
let browser: Browser;
let eng: UserPage;
const refs: Record<'sunday' | 'monday' | 'urgent' | 'fresh', { id: number; ref: string }> = {} as never;

beforeAll(async () => {
  const clock = testClock('2026-11-22T03:00:00Z'); // a Sunday, noon in Seoul: the HelpDesk is closed
  f = await startLiveServer(clock);
  refs.sunday = await fileCase(f.staff.callcenterA, { firstConsultationDate: '2026-11-21', customerName: 'Sunday Customer' });
  clock.set('2026-11-23T02:00:00Z'); // Monday 11:00
  refs.monday = await fileCase(f.staff.callcenterA, { firstConsultationDate: '2026-11-21', customerName: 'Monday Customer', siteCredentials: { userId: 'mon.user', password: 'Mon-Secret-77' } });
  clock.set('2026-11-23T03:00:00Z');
  refs.urgent = await fileCase(f.staff.callcenterB, { firstConsultationDate: '2026-11-21', customerName: 'Urgent Customer', urgent: true });
  clock.set('2026-11-25T04:00:00Z'); // Wednesday 13:00: the Monday case is overdue; the browser opens at this instant
  refs.fresh = await fileCase(f.staff.callcenterA, { customerName: 'Fresh Customer', firstConsultationDate: '2026-11-25' });
  browser = await webBrowser();
  eng = await openAs(browser, f.server, 'eng1');
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await f?.server.close();
});

describe('the queue', () => {
  it('puts urgent first, then order received, with the SLA clock, overdue highlighted and after-hours marked', async () => {
    const rows = eng.page.locator('table.queue tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-case-id'))));
    expect(ids).toEqual([refs.urgent.id, refs.sunday.id, refs.monday.id, refs.fresh.id]);
    expect(await rows.nth(0).textContent()).toContain('Urgent');
    expect(await rows.nth(1).textContent()).toContain('Received after hours');
    expect(await rows.nth(2).getAttribute('class')).toBe('overdue');
    expect(await rows.nth(2).locator('.sla').textContent()).toMatch(/^Overdue by \d+ h \d+ min$/);
    expect(await rows.nth(3).getAttribute('class')).toBeNull();
    // Filed just now: due 24 h after receipt (or after the next opening, outside business hours).
    expect(await rows.nth(3).locator('.sla').textContent()).toMatch(/^Due in \d+ h \d+ min$/);
    await screenshot(eng.page, 'engineer-queue-sla');
  });
});

describe('a case', () => {
  it('is taken from the queue, shows its record, and logs a call', async () => {
    const row = eng.page.locator(`tr[data-case-id="${refs.monday.id}"]`);
    await row.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => row.textContent()).toContain('eng1 name');
    await row.getByRole('link', { name: refs.monday.ref }).click();
    await expect.poll(() => eng.page.locator('dl.details').textContent()).toContain('Monday Customer');
    expect(await eng.page.locator('table.checks').textContent()).toContain('2.6');
    expect(await eng.page.getByRole('button', { name: 'Start a remote session' }).count()).toBe(0); // not contacted yet
    expect(await eng.page.getByRole('region', { name: 'Close the case with the result report' }).count()).toBe(0); // not contacted yet
    await eng.page.getByLabel('Note').fill('Reached on the second try');
    await eng.page.getByRole('button', { name: 'Log a call' }).click();
    await expect.poll(() => eng.page.locator('ul.contacts li').count()).toBe(1);
    await expect.poll(() => eng.page.locator('h1 .badge').first().textContent()).toBe('Contacted');
  });

  it('reveals the site credentials only behind a reason prompt, and audits it', async () => {
    expect(await eng.page.locator('body').textContent()).not.toContain('Mon-Secret-77');
    await eng.page.getByRole('button', { name: 'Reveal' }).click();
    const dialog = eng.page.getByRole('dialog', { name: 'Site credentials' });
    await dialog.getByLabel(/Why do you need them/).fill('Log in to reproduce the stall');
    await dialog.getByRole('button', { name: 'Reveal' }).click();
    await expect.poll(() => eng.page.locator('.credentials').textContent()).toContain('Mon-Secret-77');
    const audit = (await f.staff.auditor.get(`/api/audit?caseId=${refs.monday.id}&action=case.credentials_revealed`)).body.entries;
    expect(audit[0].details.reason).toBe('Log in to reproduce the stall');
  });

  it('closes only through the result report — one outcome, mailed, also without a session — and says why a refusal happened', async () => {
    await expect.poll(() => eng.page.getByRole('region', { name: 'Close the case with the result report' }).count()).toBe(1);
    await screenshot(eng.page, 'engineer-case');
    // One way to close: no separate "Close the case" form, one Outcome on the page.
    expect(await eng.page.getByRole('button', { name: 'Close the case', exact: true }).count()).toBe(0);
    expect(await eng.page.getByLabel('Outcome', { exact: true }).count()).toBe(1);
    const report = eng.page.getByRole('region', { name: 'Close the case with the result report' });
    expect(await report.textContent()).toContain('also when no remote session was needed');
    const outcomes = await report.getByLabel('Outcome', { exact: true }).locator('option').allTextContents();
    expect(outcomes).toEqual(['Resolved', 'Explained 1:1', 'External cause: user to fix and come back', 'Transferred back to the call center', 'User declined remote support', 'Device not supported']);
    await report.getByLabel('Cause').selectOption('network');
    await report.getByLabel('What was done').fill('On the phone: 8% packet loss on the line; the ISP must fix it.');
    await report.getByLabel('Outcome', { exact: true }).selectOption('transferred_to_call_center');
    await report.getByRole('button', { name: 'Close the case and mail the report' }).click();
    await expect.poll(() => report.locator('.field-error').first().textContent()).toContain('required');
    await report.getByLabel('Outcome', { exact: true }).selectOption('external_cause');
    await report.getByRole('button', { name: 'Close the case and mail the report' }).click();
    await expect.poll(() => eng.page.locator('h1 .badge').first().textContent()).toContain('Closed');
    expect(await eng.page.getByRole('button', { name: 'Start a remote session' }).count()).toBe(0);
    // Closed by the report, so the closure went out as the report mail.
    await expect.poll(() => eng.page.getByRole('region', { name: 'Result reports' }).textContent()).toContain('External cause');
    const mails = (await f.staff.admin.get('/api/outbox')).body as Array<{ kind: string; subject: string }>;
    expect(mails.filter((m) => m.kind === 'report' && m.subject.includes(refs.monday.ref))).toHaveLength(1);
    await eng.page.getByLabel('Why is it reopened?').fill('The ISP fixed the line; it still stutters');
    await eng.page.getByRole('button', { name: 'Reopen' }).click();
    await expect.poll(() => eng.page.locator('h1 .badge').first().textContent()).toBe('Received');
  });

  it('keeps long values inside their card at 1280 and 1920 px', async () => {
    const long = await fileCase(f.staff.callcenterA, {
      firstConsultationDate: '2026-11-25',
      customerName: 'Long Values Customer',
      siteUrl: `https://lectures.alpha.example/${'course-catalogue-segment-'.repeat(10)}watch?lectureId=${'9'.repeat(80)}&token=${'a'.repeat(120)}`,
      symptoms: `The lecture player stops after ten seconds in Chrome since Monday and shows ${'ERR_MEDIA_DECODE_PIPELINE_FAILURE_'.repeat(6)} in a dialog`,
    });
    const page = eng.page;
    await page.goto(`${f.server.url}/cases/${long.id}`);
    for (const width of [1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await expect.poll(() => page.locator('dl.details').textContent()).toContain('Long Values Customer');
      const outside = await page.locator('dl.details').evaluate((card) => {
        const box = card.getBoundingClientRect();
        return [...card.querySelectorAll('dt, dd')]
          .map((el) => ({ text: (el.textContent ?? '').slice(0, 40), r: el.getBoundingClientRect() }))
          .filter(({ r }) => r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
          .map(({ text }) => text);
      });
      expect(outside, `at ${width} px`).toEqual([]);
      // And nothing of the left column runs under the right one.
      const [left, right] = await page.locator('.columns > div').evaluateAll((cols) => cols.map((c) => c.getBoundingClientRect().toJSON() as { right: number; left: number }));
      expect(left!.right).toBeLessThanOrEqual(right!.left);
      await screenshot(page, `engineer-case-long-values-${width}`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('shows another engineer no actions on a case they do not hold', async () => {
    const other = await openAs(browser, f.server, 'eng2');
    await other.page.goto(`${f.server.url}/cases/${refs.monday.id}`);
    await expect.poll(() => other.page.locator('dl.details').count()).toBe(1);
    expect(await other.page.getByRole('button', { name: 'Log a call' }).count()).toBe(0);
    expect(await other.page.getByRole('button', { name: 'Reveal' }).count()).toBe(0);
    expect(await other.page.getByRole('button', { name: 'Assign to me' }).count()).toBe(0);
    await other.page.goto(`${f.server.url}/admin/users`);
    await expect.poll(() => other.page.url()).toBe(`${f.server.url}/queue`);
    expect([...eng.problems, ...other.problems]).toEqual([]);
  });
});
