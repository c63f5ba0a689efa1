import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testClock, type TestClock } from '../support/clock.js';
import { fileCase, seedStaff, validIntake, type Staff } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let clock: TestClock;
let staff: Staff;

beforeEach(async () => {
  clock = testClock('2026-11-25T02:00:00Z'); // Wednesday 11:00 in Seoul: open
  // Tokens that outlive the days these tests skip over.
  server = await startTestServer({ clock, env: { RA_TOKEN_TTL_MINUTES: String(7 * 24 * 60) } });
  staff = await seedStaff(server);
});
afterEach(async () => server.close());

describe('filing a second-level request', () => {
  it('accepts a complete request from call-center staff and shows it with its SLA clock', async () => {
    const res = await staff.callcenterA.post('/api/cases', validIntake({ urgent: true }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      ref: `RA-${String(res.body.id).padStart(6, '0')}`,
      company: { id: staff.companyA, name: 'Alpha Lectures' },
      filedBy: { id: staff.ids.callcenterA },
      status: 'received',
      urgent: true,
      receivedWithinBusinessHours: true,
      nextOpeningAt: null,
      hasSiteCredentials: false,
      sla: { state: 'pending', startsAt: '2026-11-25T02:00:00.000Z', dueAt: '2026-11-26T02:00:00.000Z', remainingMinutes: 1440 },
    });
    expect(res.body.firstLevelChecks.playerReinstall.done).toBe(true);
  });

  it('refuses, field by field, and changes nothing', async () => {
    const attempts = [
      [{ ...validIntake(), customerName: undefined }, 400, 'customerName', 'REQUIRED'],
      [validIntake({ symptoms: '영상이 안 나와요' }), 400, 'symptoms', 'TOO_VAGUE'],
      [validIntake({ handOverConsent: false }), 400, 'handOverConsent', 'CONSENT_REQUIRED'],
      [validIntake({ reproducesOnCallCenterPc: true }), 422, 'reproducesOnCallCenterPc', 'NOT_SECOND_LEVEL'],
      [validIntake({ firstConsultationDate: '2026-11-26' }), 400, 'firstConsultationDate', 'FUTURE_DATE'],
      [validIntake({ contactNumber: 'call me' }), 400, 'contactNumber', 'INVALID'],
    ] as const;
    for (const [body, status, field, code] of attempts) {
      const res = await staff.callcenterA.post('/api/cases', body);
      expect(res.status, field).toBe(status);
      expect(res.body.error.fields[field].code, field).toBe(code);
    }
    expect((await staff.engineer.get('/api/cases')).body).toEqual([]);
  });

  it('says in the error why a common symptom is not a second-level case (§7.8)', async () => {
    const res = await staff.callcenterA.post('/api/cases', validIntake({ reproducesOnCallCenterPc: true }));
    expect(res.body.error.code).toBe('CASE_NOT_SECOND_LEVEL');
    expect(res.body.error.message).toContain("problem of the customer company's video itself");
  });

  it('accepts a request outside business hours and marks the next opening, where the SLA starts', async () => {
    clock.set('2026-11-29T03:00:00Z'); // Sunday noon in Seoul
    const res = await staff.callcenterA.post('/api/cases', validIntake());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      receivedWithinBusinessHours: false,
      nextOpeningAt: '2026-11-30T01:00:00.000Z',
      sla: { startsAt: '2026-11-30T01:00:00.000Z', dueAt: '2026-12-01T01:00:00.000Z' },
    });
  });

  it('honours admin closure days', async () => {
    await staff.admin.post('/api/calendar/closures', { date: '2026-11-25', reason: 'Office move' });
    const res = await staff.callcenterA.post('/api/cases', validIntake());
    expect(res.body).toMatchObject({ receivedWithinBusinessHours: false, nextOpeningAt: '2026-11-26T01:00:00.000Z' });
    const status = await staff.engineer.get('/api/calendar/business-hours');
    expect(status.body).toMatchObject({ open: false, closedBecause: 'closure_day', holidayName: 'Office move' });
  });
});

describe('site credentials', () => {
  const secret = 'Pw-of-the-customer-9931';

  it('are stored encrypted and never shown in lists, details, queue, audit or logs', async () => {
    const created = await staff.callcenterA.post('/api/cases', validIntake({ siteCredentials: { userId: 'lee.customer', password: secret } }));
    expect(created.body.hasSiteCredentials).toBe(true);
    const id = created.body.id as number;
    await staff.engineer.post(`/api/cases/${id}/assign`);
    const seen = [
      created.text,
      (await staff.engineer.get('/api/cases')).text,
      (await staff.engineer.get(`/api/cases/${id}`)).text,
      (await staff.engineer.get('/api/queue')).text,
      (await staff.auditor.get('/api/audit?limit=1000')).text,
      (await staff.auditor.get('/api/audit/export')).text,
      server.logs(),
    ];
    for (const text of seen) expect(text).not.toContain(secret);
    const { readFileSync } = await import('node:fs');
    const db = readFileSync(`${server.dataDir}/remote-assist.db`);
    const wal = readFileSync(`${server.dataDir}/remote-assist.db-wal`);
    expect(db.includes(secret)).toBe(false);
    expect(wal.includes(secret)).toBe(false);
  });

  it('stay out of the logs even when the request carrying them is refused', async () => {
    const refused = await staff.callcenterA.post('/api/cases', validIntake({ symptoms: 'broken', siteCredentials: { userId: 'lee', password: secret } }));
    expect(refused.status).toBe(400);
    expect(refused.text).not.toContain(secret);
    expect(server.logs()).not.toContain(secret);
    expect((await staff.auditor.get('/api/audit?limit=1000')).text).not.toContain(secret);
  });

  it('are revealed only to the assigned engineer, with a reason that is audited', async () => {
    const { id } = await fileCase(staff.callcenterA, { siteCredentials: { userId: 'lee.customer', password: secret } });
    expect((await staff.engineer.post(`/api/cases/${id}/credentials/reveal`, { reason: 'log in to reproduce' })).body.error.code).toBe('NOT_ASSIGNED');
    await staff.engineer.post(`/api/cases/${id}/assign`);
    expect((await staff.engineer.post(`/api/cases/${id}/credentials/reveal`, {})).body.error.fields.reason.code).toBe('REQUIRED');
    expect((await staff.engineer2.post(`/api/cases/${id}/credentials/reveal`, { reason: 'curious about it' })).status).toBe(403);
    expect((await staff.callcenterA.post(`/api/cases/${id}/credentials/reveal`, { reason: 'I filed it' })).status).toBe(403);
    const revealed = await staff.engineer.post(`/api/cases/${id}/credentials/reveal`, { reason: 'log in to reproduce the stall' });
    expect(revealed.status).toBe(200);
    expect(revealed.headers.get('cache-control')).toBe('no-store');
    expect(revealed.body).toEqual({ userId: 'lee.customer', password: secret });
    const audit = await staff.auditor.get(`/api/audit?caseId=${id}&action=case.credentials_revealed`);
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0]).toMatchObject({ actor: { userId: staff.ids.engineer }, details: { reason: 'log in to reproduce the stall' } });
    expect(server.logs()).not.toContain(secret);
  });
});

describe('queue, assignment, contacts and lifecycle', () => {
  it('orders open cases urgent first, then by receipt, with positions', async () => {
    const first = await fileCase(staff.callcenterA);
    await clock.advance(60_000);
    const second = await fileCase(staff.callcenterB);
    await clock.advance(60_000);
    const urgent = await fileCase(staff.callcenterA, { urgent: true });
    const queue = (await staff.engineer.get('/api/queue')).body as Array<{ id: number; queuePosition: number; sla: { state: string } }>;
    expect(queue.map((c) => [c.id, c.queuePosition])).toEqual([
      [urgent.id, 1],
      [first.id, 2],
      [second.id, 3],
    ]);
    expect(queue.every((c) => c.sla.state === 'pending')).toBe(true);
  });

  it('lets an engineer take a case, but not one another engineer holds', async () => {
    const { id } = await fileCase(staff.callcenterA);
    expect((await staff.engineer.post(`/api/cases/${id}/assign`)).body.assignee).toMatchObject({ id: staff.ids.engineer });
    expect((await staff.engineer.post(`/api/cases/${id}/assign`)).status).toBe(200);
    const taken = await staff.engineer2.post(`/api/cases/${id}/assign`);
    expect(taken.status).toBe(409);
    expect((await staff.engineer2.post(`/api/cases/${id}/contacts`, { reached: true })).body.error.code).toBe('NOT_ASSIGNED');
  });

  it('fixes time to first contact at the first successful call and shows overdue before it', async () => {
    const { id } = await fileCase(staff.callcenterA);
    await staff.engineer.post(`/api/cases/${id}/assign`);
    await clock.advance(25 * 3_600_000);
    expect((await staff.engineer.get(`/api/cases/${id}`)).body.sla).toMatchObject({ state: 'overdue', remainingMinutes: -60 });
    const missed = await staff.engineer.post(`/api/cases/${id}/contacts`, { reached: false, note: 'no answer' });
    expect(missed.body.status).toBe('received');
    await clock.advance(30 * 60_000);
    const reached = await staff.engineer.post(`/api/cases/${id}/contacts`, { reached: true, note: 'explained the procedure' });
    expect(reached.status).toBe(201);
    expect(reached.body).toMatchObject({ status: 'contacted', sla: { state: 'missed', timeToFirstContactMinutes: 25 * 60 + 30 } });
    expect(reached.body.contacts).toHaveLength(2);
    await clock.advance(3_600_000);
    await staff.engineer.post(`/api/cases/${id}/contacts`, { reached: true });
    expect((await staff.engineer.get(`/api/cases/${id}`)).body.sla.timeToFirstContactMinutes).toBe(25 * 60 + 30);
  });

  it('closes with an outcome, refuses invalid transitions with the current state, and reopens an external cause', async () => {
    const { id } = await fileCase(staff.callcenterA);
    await staff.engineer.post(`/api/cases/${id}/assign`);
    const early = await staff.engineer.post(`/api/cases/${id}/transitions`, { action: 'close', outcome: 'resolved' });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'INVALID_TRANSITION', details: { currentStatus: 'received' } });
    await staff.engineer.post(`/api/cases/${id}/contacts`, { reached: true });
    const badOutcome = await staff.engineer.post(`/api/cases/${id}/transitions`, { action: 'close', outcome: 'fixed-somehow' });
    expect(badOutcome.body.error.fields.outcome.code).toBe('INVALID');
    const closed = await staff.engineer.post(`/api/cases/${id}/transitions`, { action: 'close', outcome: 'external_cause', note: 'ISP packet loss 8%' });
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'external_cause', closedAt: '2026-11-25T02:00:00.000Z' });
    expect((await staff.engineer.get('/api/queue')).body).toEqual([]);
    await clock.advance(3 * 86_400_000);
    const reopened = await staff.engineer.post(`/api/cases/${id}/transitions`, { action: 'reopen', reason: 'ISP fixed the line; still stutters' });
    expect(reopened.body).toMatchObject({ status: 'received', outcome: null, closedAt: null, queuedAt: '2026-11-28T02:00:00.000Z' });
    expect((await staff.engineer.get('/api/queue')).body).toHaveLength(1);
    const audit = (await staff.auditor.get(`/api/audit?caseId=${id}&limit=100`)).body.entries.map((e: { action: string }) => e.action);
    expect(audit).toEqual(['case.filed', 'case.assigned', 'request.refused', 'case.contact_logged', 'request.refused', 'case.closed', 'case.reopened']);
  });

  it('refuses a transfer back to the call center without a reason (HelpDesk 4)', async () => {
    const { id } = await fileCase(staff.callcenterA);
    await staff.engineer.post(`/api/cases/${id}/assign`);
    await staff.engineer.post(`/api/cases/${id}/contacts`, { reached: true });
    const res = await staff.engineer.post(`/api/cases/${id}/transitions`, { action: 'close', outcome: 'transferred_to_call_center' });
    expect(res.body.error.fields.reason.code).toBe('REQUIRED');
    expect((await staff.engineer.get(`/api/cases/${id}`)).body.status).toBe('contacted');
  });
});
