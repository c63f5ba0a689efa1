import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testClock } from '../support/clock.js';
import { fileCase } from '../support/fixtures.js';
import { liveSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { closeSockets, emit } from '../support/realtime.js';
import { startTestServer } from '../support/server.js';
import { openAs, screenshot, webBrowser } from '../support/web.js';

vi.setConfig({ testTimeout: 60_000 });

let f: LiveFixture;
let browser: Browser;
let sessionId: number;
let caseId: number;

beforeAll(async () => {
  f = await startLiveServer(undefined);
  const s = await liveSession(f);
  sessionId = s.sessionId;
  caseId = s.caseId;
  await emit(s.agent, 'session:action', { kind: 'chat', text: 'hello from the user' });
  await emit(s.viewer, 'session:end', { sessionId: s.sessionId });
  await f.staff.engineer.post(`/api/cases/${s.caseId}/reports`, { cause: 'browser_settings', actions: 'Moved the temporary files off the RAM disk.', outcome: 'resolved' });
  await fileCase(f.staff.callcenterB, { customerName: 'Beta Customer' });
  closeSockets();
  browser = await webBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await f?.server.close();
});

describe('the auditor’s console', () => {
  it('lists sessions and cases, filtered by company, engineer, outcome and dates', async () => {
    const aud = await openAs(browser, f.server, 'aud');
    await expect.poll(() => aud.page.locator('table.cases tbody tr').count()).toBe(2);
    expect(await aud.page.locator('table.sessions tbody tr').count()).toBe(1);
    await aud.page.getByLabel('Company').selectOption({ label: 'Beta Academy' });
    await aud.page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => aud.page.locator('table.sessions tbody tr').count()).toBe(0);
    expect(await aud.page.locator('table.cases tbody tr').count()).toBe(1);
    expect(await aud.page.locator('table.cases').textContent()).toContain('Beta Academy');
    await aud.page.getByLabel('Company').selectOption({ label: 'All' });
    await aud.page.getByLabel('Outcome').selectOption('resolved');
    await aud.page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => aud.page.locator('table.sessions tbody tr').count()).toBe(1);
    expect(await aud.page.locator('table.cases tbody tr').count()).toBe(1);
    await aud.page.getByLabel('From').fill('2030-01-01');
    await aud.page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => aud.page.locator('table.cases tbody tr').count()).toBe(0);
    await screenshot(aud.page, 'auditor-console');
  });

  it('exports the log as JSON Lines and CSV', async () => {
    const aud = await openAs(browser, f.server, 'aud');
    for (const [button, name] of [['Export JSON Lines', 'audit-log.jsonl'], ['Export CSV', 'audit-log.csv']] as const) {
      const download = aud.page.waitForEvent('download');
      await aud.page.getByRole('button', { name: button }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(name);
      const text = readFileSync(await file.path(), 'utf8');
      expect(text).toContain('session.consent_recorded');
    }
  });

  it('opens the statistics on the current month, with charts, "no data" where there is none, and a CSV download', async () => {
    const aud = await openAs(browser, f.server, 'aud');
    await aud.page.getByRole('link', { name: 'Statistics' }).click();
    // The HelpDesk's current month (Seoul), without touching the month field.
    const thisMonth = new Date(f.server.clock.now() + 9 * 3_600_000).toISOString().slice(0, 7);
    expect(await aud.page.getByLabel('Month').inputValue()).toBe(thisMonth);
    await expect.poll(() => aud.page.locator('.stats-scope').first().textContent()).toContain('Cases received2');
    expect(await aud.page.locator('.stats-scope').count()).toBe(3);
    // Overall and Alpha have outcomes, causes and an ended session; Beta has none of them.
    expect(await aud.page.locator('.stats-scope canvas').count()).toBe(6);
    const beta = aud.page.getByRole('region', { name: 'Beta Academy' });
    expect(await beta.locator('canvas').count()).toBe(0);
    expect(await beta.locator('.no-data').allTextContents()).toEqual(['No data for this month.', 'No data for this month.', 'No data for this month.']);
    expect(await aud.page.getByRole('region', { name: 'Alpha Lectures' }).locator('.no-data').count()).toBe(0);
    const download = aud.page.waitForEvent('download');
    await aud.page.getByRole('button', { name: 'Download CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/^statistics-\d{4}-\d{2}\.csv$/);
    await screenshot(aud.page, 'auditor-statistics');
    expect(aud.problems).toEqual([]);
  });

  it('shows dates and the current month in the HelpDesk’s zone, whatever the browser’s', async () => {
    // 11:00 UTC on 30 November: 20:00 that day in the browser's Seoul, already 01:00 on 1 December in Kiritimati.
    const kiritimati = await startLiveServer(testClock('2026-11-30T11:00:00Z'), { RA_TIME_ZONE: 'Pacific/Kiritimati' });
    try {
      await fileCase(kiritimati.staff.callcenterA, { firstConsultationDate: '2026-11-30' });
      const aud = await openAs(browser, kiritimati.server, 'aud');
      await expect.poll(() => aud.page.locator('table.cases tbody td').nth(2).textContent()).toBe('1 Dec 2026, 01:00');
      await aud.page.getByRole('link', { name: 'Statistics' }).click();
      await expect.poll(() => aud.page.getByLabel('Month').inputValue()).toBe('2026-12');
      await expect.poll(() => aud.page.locator('.stats-scope').first().textContent()).toContain('Cases received1');
    } finally {
      await kiritimati.server.close();
    }
  });

  it('says neutrally how a session ended: the auditor did not end it', async () => {
    const aud = await openAs(browser, f.server, 'aud');
    await expect.poll(() => aud.page.locator('table.sessions tbody tr').first().textContent()).toContain('Ended by the engineer');
    await aud.page.goto(`${f.server.url}/audit/sessions/${sessionId}`);
    await expect.poll(() => aud.page.locator('main > section > p').first().textContent()).toContain('Ended by the engineer');
    await aud.page.goto(`${f.server.url}/cases/${caseId}`);
    await expect.poll(() => aud.page.getByRole('region', { name: 'Remote sessions' }).textContent()).toContain('Ended by the engineer');
    for (const text of [await aud.page.locator('main').textContent()]) expect(text).not.toMatch(/by you/);
  });

  it('shows the timeline to the second, with each entry’s fields labelled, and dates on one line (in Korean too)', async () => {
    for (const locale of ['en-US', 'ko-KR'] as const) {
      const aud = await openAs(browser, f.server, 'aud', { locale });
      await aud.page.goto(`${f.server.url}/audit/sessions/${sessionId}`);
      const rows = aud.page.locator('table.timeline tbody tr');
      await expect.poll(() => rows.count()).toBeGreaterThan(5);
      // Lines a cell's text takes: the distinct tops of its text's boxes.
      const cells = await aud.page.locator('table.timeline td.at').evaluateAll((tds) =>
        tds.map((td) => {
          const range = (globalThis as any).document.createRange();
          range.selectNodeContents(td);
          const tops = new Set([...range.getClientRects()].map((r: { top: number }) => Math.round(r.top)));
          return { text: td.textContent ?? '', lines: tops.size };
        }),
      );
      for (const cell of cells) {
        expect(cell.text).toMatch(/\d{1,2}:\d{2}:\d{2}$/); // seconds
        expect(cell.lines, cell.text).toBe(1);
      }
      const table = (await aud.page.locator('table.timeline').textContent()) ?? '';
      expect(table).not.toContain('{"'); // no raw JSON
      const ended = aud.page.locator('tr[data-action="session.ended"]');
      const fields = await ended.locator('dl.audit-details dt').allTextContents();
      const values = await ended.locator('dl.audit-details dd').allTextContents();
      if (locale === 'en-US') {
        expect(await ended.locator('td').nth(3).textContent()).toBe('Session ended');
        expect(fields).toEqual(expect.arrayContaining(['Reason', 'State before', 'Duration (minutes)']));
        expect(values[fields.indexOf('Reason')]).toBe('Ended by the engineer');
        expect(values[fields.indexOf('State before')]).toBe('Connected');
      } else {
        expect(await ended.locator('td').nth(3).textContent()).toBe('원격 지원 종료');
        expect(values[fields.indexOf('사유')]).toBe('엔지니어가 종료함');
      }
      await screenshot(aud.page, `auditor-timeline-${locale}`);
    }
  });

  it('shows where the chain breaks after the SQLite file was edited', async () => {
    await f.server.stop();
    const db = new Database(join(f.server.dataDir, 'remote-assist.db'));
    db.exec('DROP TRIGGER audit_log_no_update');
    db.exec(`UPDATE audit_log SET details_json = '{"text":"forged"}' WHERE action = 'session.chat'`);
    const seq = db.prepare(`SELECT seq FROM audit_log WHERE action = 'session.chat'`).pluck().get() as number;
    db.close();
    const restarted = await startTestServer({ dataDir: f.server.dataDir, clock: f.server.clock });
    try {
      const aud = await openAs(browser, restarted, 'aud');
      await expect.poll(() => aud.page.getByTestId('chain-status').textContent()).toContain(`broken at entry ${seq}`);
      await screenshot(aud.page, 'auditor-chain-broken');
    } finally {
      await restarted.stop();
    }
  });
});
