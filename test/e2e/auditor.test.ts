import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileCase } from '../support/fixtures.js';
import { liveSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { closeSockets, emit } from '../support/realtime.js';
import { startTestServer } from '../support/server.js';
import { openAs, screenshot, webBrowser } from '../support/web.js';

vi.setConfig({ testTimeout: 60_000 });

let f: LiveFixture;
let browser: Browser;

beforeAll(async () => {
  f = await startLiveServer(undefined);
  const s = await liveSession(f);
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

  it('shows monthly statistics with charts and a CSV download', async () => {
    const aud = await openAs(browser, f.server, 'aud');
    await aud.page.getByRole('link', { name: 'Statistics' }).click();
    await aud.page.getByLabel('Month').fill(new Date(f.server.clock.now() + 9 * 3_600_000).toISOString().slice(0, 7));
    // (The page first shows last month; wait for this month's figures.)
    await expect.poll(() => aud.page.locator('.stats-scope').first().textContent()).toContain('Cases received2');
    expect(await aud.page.locator('.stats-scope').count()).toBe(3);
    expect(await aud.page.locator('.stats-scope canvas').count()).toBe(6);
    const download = aud.page.waitForEvent('download');
    await aud.page.getByRole('button', { name: 'Download CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/^statistics-\d{4}-\d{2}\.csv$/);
    await screenshot(aud.page, 'auditor-statistics');
    expect(aud.problems).toEqual([]);
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
