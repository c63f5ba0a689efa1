import { describe, expect, it } from 'vitest';
import type { TestClock } from '../support/clock.js';
import { fileCase } from '../support/fixtures.js';
import { liveServerPerTest, type LiveFixture } from '../support/live.js';

let f: LiveFixture;
let clock: TestClock;

liveServerPerTest((fixture, testClockOfTest) => {
  f = fixture;
  clock = testClockOfTest;
}, '2026-11-25T02:00:00Z');

/** A session opened by `engineer` on a case of the given call center's company. */
async function sessionBy(engineer: LiveFixture['staff']['engineer'], callcenter: LiveFixture['staff']['callcenterA']): Promise<number> {
  const { id } = await fileCase(callcenter);
  await engineer.post(`/api/cases/${id}/assign`);
  await engineer.post(`/api/cases/${id}/contacts`, { reached: true });
  return (await engineer.post(`/api/cases/${id}/sessions`)).body.session.id as number;
}

describe('the auditors\' session list', () => {
  it('filters by time, company and engineer, newest first', async () => {
    const early = await sessionBy(f.staff.engineer, f.staff.callcenterA); // 02:00Z, company A, eng1
    await clock.advance(2 * 60 * 60_000);
    const late = await sessionBy(f.staff.engineer2, f.staff.callcenterB); // 04:00Z, company B, eng2
    const ids = async (query: string) => ((await f.staff.auditor.get(`/api/sessions${query}`)).body as Array<{ id: number }>).map((s) => s.id);

    expect(await ids('')).toEqual([late, early]);
    expect(await ids('?from=2026-11-25T03:00:00Z')).toEqual([late]);
    expect(await ids('?to=2026-11-25T03:00:00Z')).toEqual([early]);
    // Compared as instants, not as text: 12:00 in Seoul is 03:00Z.
    expect(await ids(`?from=${encodeURIComponent('2026-11-25T12:00:00+09:00')}`)).toEqual([late]);
    expect(await ids(`?companyId=${f.staff.companyA}`)).toEqual([early]);
    expect(await ids(`?engineerId=${f.staff.ids.engineer2}`)).toEqual([late]);
    expect(await ids(`?companyId=${f.staff.companyA}&engineerId=${f.staff.ids.engineer2}`)).toEqual([]);
  });

  it('refuses a malformed filter with the field named', async () => {
    const res = await f.staff.auditor.get('/api/sessions?from=yesterday');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.error.fields as object)).toContain('from');
  });
});
