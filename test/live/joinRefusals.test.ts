import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { TestClock } from '../support/clock.js';
import { contactedCase, liveServerPerTest, openSession, type LiveFixture } from '../support/live.js';
import { connect, refusal } from '../support/realtime.js';

let f: LiveFixture;
let clock: TestClock;

liveServerPerTest((fixture, testClockOfTest) => {
  f = fixture;
  clock = testClockOfTest;
});

const wrongCode = (code: string) => String((Number(code) + 1) % 1e9).padStart(9, '0');
const tryCode = async (joinCode: string) => (await refusal(connect(f.server.url, '/agent', { joinCode }))).code;

async function joinRefusalEntries(): Promise<any[]> {
  const read = async (action: string) => (await f.staff.auditor.get(`/api/audit?action=${action}&limit=1000`)).body.entries as any[];
  return [...(await read('session.join_failed')), ...(await read('session.join_refused'))];
}

describe('refused join attempts in the audit log', () => {
  it('are counted per address, reason and minute: a storm of wrong codes is a few entries whose counts add up', async () => {
    const { code } = await openSession(f, await contactedCase(f));
    const codes: string[] = [];
    for (let i = 0; i < 40; i++) codes.push((await tryCode(wrongCode(code)))!);
    expect(codes.filter((c) => c === 'JOIN_CODE_INVALID')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(35);
    // Nothing is written on the attempts' path…
    expect(await joinRefusalEntries()).toEqual([]);
    // …the next minute's attempts go into entries of their own…
    await clock.advance(60_000);
    for (let i = 0; i < 10; i++) codes.push((await tryCode(wrongCode(code)))!);
    // …and each minute is written once it is over.
    await clock.advance(60_000);
    let entries: any[] = [];
    await vi.waitFor(async () => {
      entries = await joinRefusalEntries();
      expect(entries.reduce((sum, e) => sum + e.details.count, 0)).toBe(50);
    });
    expect(entries).toHaveLength(4);
    for (const e of entries) expect(e.actor).toEqual({ kind: 'anonymous', ip: '127.0.0.1' });
    const first = entries.filter((e) => e.details.firstAt < '2026-11-25T02:01:00.000Z');
    expect(first.map((e) => e.details).sort((a, b) => a.reason.localeCompare(b.reason))).toEqual([
      { reason: 'rate_limited', scope: 'address', count: 35, firstAt: '2026-11-25T02:00:00.000Z', lastAt: '2026-11-25T02:00:00.000Z' },
      { reason: 'unknown', count: 5, firstAt: '2026-11-25T02:00:00.000Z', lastAt: '2026-11-25T02:00:00.000Z' },
    ]);
    expect((await f.staff.auditor.get('/api/audit/verify')).body.ok).toBe(true);
  });

  it('lose nothing when the server stops before the minute is over', async () => {
    const { code } = await openSession(f, await contactedCase(f));
    expect(await tryCode(wrongCode(code))).toBe('JOIN_CODE_INVALID');
    expect(await tryCode(wrongCode(code))).toBe('JOIN_CODE_INVALID');
    await f.server.stop();
    const db = new Database(join(f.server.dataDir, 'remote-assist.db'), { readonly: true });
    const rows = db.prepare(`SELECT details_json FROM audit_log WHERE action = 'session.join_failed'`).pluck().all() as string[];
    db.close();
    expect(rows.map((r) => JSON.parse(r))).toEqual([{ reason: 'unknown', count: 2, firstAt: '2026-11-25T02:00:00.000Z', lastAt: '2026-11-25T02:00:00.000Z' }]);
  });
});
