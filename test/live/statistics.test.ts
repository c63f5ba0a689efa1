import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'csv-parse/sync';
import { EXTENSION_CONSENT, sha256Hex } from '../../shared/consent.js';
import { percentile } from '../../server/stats/monthly.js';
import { testClock, type TestClock } from '../support/clock.js';
import { fileCase, loginAs, PASSWORD, relogin, type Staff } from '../support/fixtures.js';
import { openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { runTs } from '../support/processes.js';
import { closeSockets, connect, connectAgent, consentAnswer, emit, next, windowsDevice } from '../support/realtime.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';

let f: LiveFixture;
let clock: TestClock;
let smtp: TestSmtp;
let staff: Staff;

async function contact(api: Staff['engineer'], id: number, at: string) {
  clock.set(at);
  await api.post(`/api/cases/${id}/contacts`, { reached: true });
}
async function fileAt(at: string, api: Staff['callcenterA']) {
  clock.set(at);
  const { id } = await fileCase(api, { firstConsultationDate: at.slice(0, 10) });
  await staff.engineer.post(`/api/cases/${id}/assign`);
  return id;
}
async function refreshTokens() {
  staff = await relogin(f.server, staff);
  f.staff = staff;
  f.engineerToken = await loginAs(f.server.api, 'eng1', PASSWORD);
}
/** A session through consent; returns the sockets. */
async function consented(caseId: number, at: string) {
  clock.set(at);
  const { sessionId, code } = await openSession(f, caseId);
  const viewer = await connect(f.server.url, '/staff', { token: f.engineerToken });
  await emit(viewer, 'session:watch', { sessionId });
  const { agent } = await connectAgent(f.server.url, { joinCode: code });
  await emit(agent, 'agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 'test' });
  return { sessionId, viewer, agent };
}

/**
 * The fixture month, November 2026 in Seoul (times below are UTC; Seoul is +9):
 *   B0  received 30 Oct, a session opened 31 Oct 23:55 whose code expired 1 Nov 00:05 (it ended in
 *       November, unconsented), closed 2 Nov as "explained" (cause user_knowledge)
 *   A1  received 2 Nov, reached after 120 min, session 30 min, resolved (player_runtime)
 *   A2  received 3 Nov, reached after 480 min, session 70 min with a 20-min extension, external cause (network)
 *   A3  received 4 Nov, reached after 60 min, consent declined
 *   B1  received 5 Nov, reached after 1800 min, Windows Server: device not supported
 *   B2  received 6 Nov, never reached
 */
beforeAll(async () => {
  smtp = await startSmtp();
  clock = testClock('2026-10-30T02:00:00Z');
  f = await startLiveServer(clock, { RA_SMTP_URL: smtp.url });
  staff = f.staff;
  const eng = staff.engineer;

  const b0 = await fileAt('2026-10-30T02:00:00Z', staff.callcenterB);
  await contact(eng, b0, '2026-10-30T03:00:00Z');
  clock.set('2026-10-31T14:55:00Z'); // 23:55 on 31 October in Seoul
  await openSession(f, b0);
  await clock.advance(11 * 60_000); // the code expires at 00:05 on 1 November

  const a1 = await fileAt('2026-11-02T02:00:00Z', staff.callcenterA);
  await contact(eng, a1, '2026-11-02T04:00:00Z');
  const s1 = await consented(a1, '2026-11-02T04:05:00Z');
  await emit(s1.agent, 'agent:consent', await consentAnswer('accept'));
  clock.set('2026-11-02T04:35:00Z');
  await emit(s1.viewer, 'session:end', { sessionId: s1.sessionId });
  await eng.post(`/api/cases/${a1}/reports`, { cause: 'player_runtime', actions: 'Reinstalled the player runtime.', outcome: 'resolved' });
  clock.set('2026-11-02T05:00:00Z');
  await eng.post(`/api/cases/${b0}/reports`, { cause: 'user_knowledge', actions: 'Explained the lecture menu.', outcome: 'explained' });

  const a2 = await fileAt('2026-11-03T02:00:00Z', staff.callcenterA);
  await contact(eng, a2, '2026-11-03T10:00:00Z');
  const s2 = await consented(a2, '2026-11-03T10:05:00Z');
  await emit(s2.agent, 'agent:consent', await consentAnswer('accept'));
  clock.set('2026-11-03T10:55:00Z');
  const ext = await emit(s2.viewer, 'session:extend', { sessionId: s2.sessionId, minutes: 20, reason: 'line test takes longer' });
  await emit(s2.agent, 'agent:extension-answer', { requestId: ext.requestId, decision: 'accept', textVersion: EXTENSION_CONSENT.version, textSha256: await sha256Hex(EXTENSION_CONSENT.en), language: 'en', typedName: 'Lee' });
  clock.set('2026-11-03T11:15:00Z');
  await emit(s2.viewer, 'session:end', { sessionId: s2.sessionId });
  await eng.post(`/api/cases/${a2}/reports`, { cause: 'network', actions: 'Measured packet loss; ISP to fix.', outcome: 'external_cause' });

  const a3 = await fileAt('2026-11-04T02:00:00Z', staff.callcenterA);
  await contact(eng, a3, '2026-11-04T03:00:00Z');
  const s3 = await consented(a3, '2026-11-04T03:05:00Z');
  const declined = next(s3.agent, 'session:ended');
  await emit(s3.agent, 'agent:consent', await consentAnswer('decline'));
  await declined;

  clock.set('2026-11-05T02:00:00Z');
  await refreshTokens();
  const b1 = await fileAt('2026-11-05T02:00:00Z', staff.callcenterB);
  await fileAt('2026-11-06T02:00:00Z', staff.callcenterB);
  await contact(staff.engineer, b1, '2026-11-06T08:00:00Z');
  clock.set('2026-11-06T08:05:00Z');
  const { code } = await openSession(f, b1);
  const { agent } = await connectAgent(f.server.url, { joinCode: code });
  await emit(agent, 'agent:hello', { device: windowsDevice({ osName: 'Microsoft Windows Server 2008 R2 Standard', osRelease: '6.1.7601' }), language: 'en', agentVersion: 'test' });
  closeSockets();
  clock.set('2026-11-30T00:00:00Z');
  await refreshTokens();
}, 60_000);

afterAll(async () => {
  closeSockets();
  await f.server.close();
  await smtp.close();
});

describe('monthly statistics', () => {
  it('match the fixture month computed by hand, overall and per company', async () => {
    const res = await staff.auditor.get('/api/statistics/monthly?month=2026-11');
    expect(res.status).toBe(200);
    const { overall, companies } = res.body;
    expect(res.body).toMatchObject({ month: '2026-11', from: '2026-10-31T15:00:00.000Z', to: '2026-11-30T15:00:00.000Z' });
    expect(overall).toEqual({
      casesReceived: 5,
      casesClosed: 5,
      byOutcome: { resolved: 1, explained: 1, external_cause: 1, transferred_to_call_center: 0, user_declined: 1, device_not_supported: 1 },
      byCause: { pc_spec: 0, disk_space: 0, network: 1, windows_update: 0, malware: 0, p2p_load: 0, player_runtime: 1, browser_settings: 0, user_knowledge: 1, site_problem: 0, unknown: 0 },
      firstContact: { contacted: 4, pending: 1, averageMinutes: 615, p90Minutes: 1800, within24hShare: 0.75, targetAverageMinutes: 360, averageWithinTarget: false },
      // Every session that ended in November: the two consented ones, the decline, the refused
      // device and the code opened in October that expired in November.
      sessions: {
        opened: 4,
        started: 2,
        ended: 5,
        byEndReason: { engineer_ended: 2, user_stopped: 0, expired: 0, user_declined: 1, consent_timeout: 0, device_not_supported: 1, code_expired: 1, agent_disconnected: 0, engineer_disconnected: 0 },
        durationAverageMinutes: 50,
        durationP90Minutes: 70,
        totalMinutes: 100,
      },
      extensions: { requested: 1, accepted: 1, declined: 0, expired: 0, minutesGranted: 20 },
      declines: 1,
      unsupportedDevices: 1,
    });
    const [alpha, beta] = companies;
    expect(alpha).toMatchObject({
      companyName: 'Alpha Lectures',
      statistics: {
        casesReceived: 3,
        casesClosed: 3,
        firstContact: { contacted: 3, pending: 0, averageMinutes: 220, p90Minutes: 480, within24hShare: 1, averageWithinTarget: true },
        sessions: { opened: 3, started: 2, ended: 3, byEndReason: { engineer_ended: 2, user_declined: 1 }, durationAverageMinutes: 50 },
        declines: 1,
        unsupportedDevices: 0,
      },
    });
    expect(beta).toMatchObject({
      companyName: 'Beta Academy',
      statistics: {
        casesReceived: 2,
        casesClosed: 2,
        byOutcome: { explained: 1, device_not_supported: 1 },
        byCause: { user_knowledge: 1 },
        firstContact: { contacted: 1, pending: 1, averageMinutes: 1800, within24hShare: 0, averageWithinTarget: false },
        sessions: { opened: 1, started: 0, ended: 2, byEndReason: { device_not_supported: 1, code_expired: 1 } },
        unsupportedDevices: 1,
      },
    });
  });

  it('count every session that ended in the month by its end reason, consented or not, wherever it began', async () => {
    const { overall, companies } = (await staff.auditor.get('/api/statistics/monthly?month=2026-11')).body;
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(overall.sessions.ended).toBe(5);
    expect(sum(overall.sessions.byEndReason)).toBe(overall.sessions.ended);
    expect(overall.sessions.byEndReason.code_expired).toBe(1); // opened in October, ended in November
    for (const c of companies) expect(sum(c.statistics.sessions.byEndReason)).toBe(c.statistics.sessions.ended);
    // October: the session was opened then, but ended in November.
    const october = (await staff.auditor.get('/api/statistics/monthly?month=2026-10')).body.overall.sessions;
    expect(october).toMatchObject({ opened: 1, started: 0, ended: 0 });
  });

  it('come as CSV and as HTML with a chart', async () => {
    const csv = await staff.auditor.get('/api/statistics/monthly?month=2026-11&format=csv');
    const rows: Array<Record<string, string>> = parse(csv.text, { bom: true, columns: true });
    expect(rows.find((r) => r['scope'] === 'overall' && r['metric'] === 'first_contact_average_minutes')?.['value']).toBe('615');
    expect(rows.find((r) => r['company'] === 'Beta Academy' && r['metric'] === 'devices_not_supported')?.['value']).toBe('1');
    expect(rows.find((r) => r['scope'] === 'overall' && r['metric'] === 'sessions_ended')?.['value']).toBe('5');
    expect(rows.find((r) => r['company'] === 'Beta Academy' && r['metric'] === 'sessions_ended_code_expired')?.['value']).toBe('1');
    const html = await staff.auditor.get('/api/statistics/monthly?month=2026-11&format=html');
    expect(html.text).toContain('class="chart"');
    expect(html.text).toContain('Beta Academy');
  });

  it('show call-center staff their own company only', async () => {
    const mine = await staff.callcenterB.get('/api/statistics/monthly?month=2026-11');
    expect(mine.body.companies.map((c: any) => c.companyName)).toEqual(['Beta Academy']);
    expect(mine.body.overall.casesReceived).toBe(2);
    expect((await staff.callcenterB.get(`/api/statistics/monthly?month=2026-11&companyId=${staff.companyA}`)).status).toBe(404);
    expect((await staff.auditor.get('/api/statistics/monthly?month=2026-13')).status).toBe(400);
  });

  it('come from the CLI for a given month', async () => {
    const result = await runTs('server/cli/statistics.ts', ['--month', '2026-11', '--data-dir', f.server.dataDir]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).overall.firstContact.averageMinutes).toBe(615);
    const csv = await runTs('server/cli/statistics.ts', ['--month', '2026-11', '--format', 'csv', '--company', String(staff.companyA), '--data-dir', f.server.dataDir]);
    expect(csv.stdout).toContain('Alpha Lectures');
    expect(csv.stdout).not.toContain('Beta Academy');
    expect((await runTs('server/cli/statistics.ts', ['--month', 'November'])).code).toBe(2);
  });

  it('are mailed to each company on the first business day of the next month, once', async () => {
    // December 2026 starts on a Tuesday: mailing opens at 10:00 in Seoul (01:00 UTC).
    clock.set('2026-12-01T00:30:00Z');
    await refreshTokens();
    await clock.advance(15 * 60_000);
    expect(smtp.messages.filter((m) => m.subject?.includes('2026-11'))).toHaveLength(0);
    await clock.advance(60 * 60_000);
    await vi.waitFor(() => expect(smtp.messages.filter((m) => m.subject?.includes('2026-11'))).toHaveLength(2), { timeout: 5000 });
    const toBeta = smtp.messages.find((m) => m.subject?.includes('2026-11') && m.subject.includes('Beta Academy'))!;
    expect(toBeta.to).toMatchObject({ text: 'reports@beta.example' });
    expect(String(toBeta.html)).toContain('class="chart"');
    expect(toBeta.attachments[0]?.filename).toBe('statistics-2026-11.csv');
    await clock.advance(3 * 60 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages.filter((m) => m.subject?.includes('2026-11'))).toHaveLength(2);
    const audit = await staff.auditor.get('/api/audit?action=statistics.mailed&limit=100');
    expect(audit.body.entries.filter((e: any) => e.details.month === '2026-11')).toHaveLength(2);
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    expect(percentile([], 90)).toBeNull();
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([60, 120, 480, 1800], 90)).toBe(1800);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });
});
