import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXTENSION_CONSENT, SESSION_CONSENT, sha256Hex } from '../../shared/consent.js';
import { testClock, type TestClock } from '../support/clock.js';
import { fileCase } from '../support/fixtures.js';
import { contactedCase, liveSession, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { closeSockets, connectAgent, consentAnswer, emit, next, windowsDevice } from '../support/realtime.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';

const MINUTE = 60_000;
let f: LiveFixture | undefined;
let smtp: TestSmtp | undefined;
afterEach(async () => {
  closeSockets();
  await f?.server.close();
  await smtp?.close();
  f = undefined;
  smtp = undefined;
});

const reportFiles = (live: LiveFixture) => readdirSync(join(live.server.dataDir, 'outbox')).filter((name) => name.endsWith('-report.eml'));
const reportMail = async (live: LiveFixture) => (await live.staff.admin.get('/api/outbox')).body.find((m: { kind: string }) => m.kind === 'report');

const REPORT = { cause: 'player_runtime', actions: 'Reinstalled the Visual C++ 2010 runtime; the player installed and played.', outcome: 'resolved' };

/** A whole session: consent, actions, diagnostics, an accepted extension, ended by the engineer. */
async function workedSession(live: LiveFixture, clock: TestClock) {
  const s = await liveSession(live);
  await emit(s.agent, 'session:action', { kind: 'diagnostic_run', check: 'player_runtime', status: 'fail', summary: 'Visual C++ 2010 x86 runtime missing', automatic: true });
  await emit(s.agent, 'session:action', { kind: 'control_granted' });
  await clock.advance(50 * MINUTE);
  const request = await emit(s.viewer, 'session:extend', { sessionId: s.sessionId, minutes: 20, reason: 'runtime reinstall needs a reboot' });
  await emit(s.agent, 'agent:extension-answer', {
    requestId: request.requestId, decision: 'accept', textVersion: EXTENSION_CONSENT.version, textSha256: await sha256Hex(EXTENSION_CONSENT.en), language: 'en', typedName: 'Lee Customer',
  });
  await clock.advance(15 * MINUTE);
  await emit(s.viewer, 'session:end', { sessionId: s.sessionId });
  return s;
}

describe('the result report', () => {
  it('is built from the record, closes the case and is mailed to the customer company over SMTP', async () => {
    smtp = await startSmtp();
    const clock = testClock('2026-11-25T02:00:00Z');
    const live = (f = await startLiveServer(clock, { RA_SMTP_URL: smtp.url }));
    const s = await workedSession(live, clock);
    const res = await live.staff.engineer.post(`/api/cases/${s.caseId}/reports`, REPORT);
    expect(res.status).toBe(201);
    expect((await live.staff.engineer.get(`/api/cases/${s.caseId}`)).body).toMatchObject({ status: 'closed', outcome: 'resolved' });

    // (The monthly statistics of October go out too: it is past November's first business day.)
    const reportMails = () => smtp!.messages.filter((m) => m.subject?.includes('Result report'));
    await vi.waitFor(() => expect(reportMails()).toHaveLength(1), { timeout: 5000 });
    const mail = reportMails()[0]!;
    expect(mail.to).toMatchObject({ text: 'reports@alpha.example' });
    expect(mail.subject).toContain(`RA-${String(s.caseId).padStart(6, '0')}`);
    const html = String(mail.html);
    expect(html).toContain(await sha256Hex(SESSION_CONSENT.en));
    expect(html).toContain('Microsoft Windows 10 Pro');
    expect(html).toContain('Visual C++ 2010 x86 runtime missing');
    expect(html).toContain('extended to 80 min in all');
    expect(html).toContain('ended: engineer_ended');
    expect(html).toContain('Player installation / runtime');
    const json = JSON.parse(mail.attachments[0]!.content.toString('utf8'));
    expect(json.sessions[0]).toMatchObject({ durationMinutes: 65, grantedMinutes: 80, endReason: 'engineer_ended' });
    expect(json.sessions[0].consents.map((c: any) => c.kind)).toEqual(['session', 'extension']);
    expect(json.sla).toMatchObject({ state: 'met', timeToFirstContactMinutes: 0 });
    expect(json.firstLevelChecks).toHaveLength(9);

    const list = await live.staff.callcenterA.get(`/api/cases/${s.caseId}/reports`);
    expect(list.body[0]).toMatchObject({ cause: 'player_runtime', outcome: 'resolved', mail: { status: 'sent', attempts: 1 } });
    const page = await live.staff.callcenterA.get(`/api/cases/${s.caseId}/reports/${list.body[0].id}?format=html`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await live.staff.callcenterB.get(`/api/cases/${s.caseId}/reports`)).status).toBe(404);
  });

  it('shows its times in the HelpDesk’s zone, for people, on the page and in the mail', async () => {
    smtp = await startSmtp();
    const clock = testClock('2026-12-01T19:57:23.757Z'); // 04:57:23 on 2 December in Seoul
    const live = (f = await startLiveServer(clock, { RA_SMTP_URL: smtp.url }));
    const s = await workedSession(live, clock); // consent at 04:57:23, ended 65 minutes later
    const res = await live.staff.engineer.post(`/api/cases/${s.caseId}/reports`, REPORT);
    expect(res.status).toBe(201);
    const page = (await live.staff.callcenterA.get(`/api/cases/${s.caseId}/reports/${res.body.id}?format=html`)).text;
    await vi.waitFor(() => expect(smtp!.messages.filter((m) => m.subject?.includes('Result report'))).toHaveLength(1), { timeout: 5000 });
    const mail = smtp.messages.find((m) => m.subject?.includes('Result report'))!;
    const isoInstant = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
    for (const html of [page, String(mail.html)]) {
      expect(html).toContain('<th>Received / 접수</th><td>2026-12-02 04:57 (outside business hours');
      expect(html).toContain('<th>Submitted / 작성</th><td>2026-12-02 06:02</td>');
      expect(html).toContain('<th>Started / 시작</th><td>2026-12-02 04:57:23</td>');
      expect(html).toContain('Asia/Seoul (UTC+09:00)');
      expect(html).not.toMatch(isoInstant);
    }
    expect(mail.text).toContain('Received: 2026-12-02 04:57, submitted: 2026-12-02 06:02 — times in Asia/Seoul (UTC+09:00)');
    expect(mail.text).not.toMatch(isoInstant);
    // The attached JSON stays machine-readable: ISO instants.
    expect(JSON.parse(mail.attachments[0]!.content.toString('utf8')).case.receivedAt).toBe('2026-12-01T19:57:23.757Z');
  });

  it('never contains the site credentials', async () => {
    const clock = testClock('2026-11-25T02:00:00Z');
    const live = (f = await startLiveServer(clock));
    const { id } = await fileCase(live.staff.callcenterA, { siteCredentials: { userId: 'lee', password: 'Never-In-Report-42' } });
    await live.staff.engineer.post(`/api/cases/${id}/assign`);
    await live.staff.engineer.post(`/api/cases/${id}/contacts`, { reached: true });
    await live.staff.engineer.post(`/api/cases/${id}/reports`, { cause: 'user_knowledge', actions: 'Explained how to open the lecture player.', outcome: 'explained' });
    const [report] = (await live.staff.engineer.get(`/api/cases/${id}/reports`)).body;
    const json = await live.staff.engineer.get(`/api/cases/${id}/reports/${report.id}`);
    expect(json.text).not.toContain('Never-In-Report-42');
    expect(json.text).not.toContain('"lee"');
    await vi.waitFor(() => expect(reportFiles(live)).toHaveLength(1));
  });

  it('is written as an .eml file to the outbox when no SMTP server is configured', async () => {
    const clock = testClock('2026-11-25T02:00:00Z');
    const live = (f = await startLiveServer(clock));
    const caseId = await contactedCase(live);
    await live.staff.engineer.post(`/api/cases/${caseId}/reports`, { cause: 'network', actions: 'Measured 8% packet loss; the ISP must fix the line.', outcome: 'external_cause' });
    await vi.waitFor(() => expect(reportFiles(live)).toHaveLength(1));
    const [file] = reportFiles(live);
    const eml = readFileSync(join(live.server.dataDir, 'outbox', file!), 'utf8');
    expect(eml).toContain('To: reports@alpha.example');
    expect(eml).toMatch(/Subject: .*Result report/s);
    expect(await reportMail(live)).toMatchObject({ kind: 'report', status: 'written', recipient: 'reports@alpha.example', reference: expect.stringContaining('.eml') });
  });

  it('is retried with back-off while the mail server refuses it, and never lost', async () => {
    smtp = await startSmtp();
    smtp.failing = true;
    const clock = testClock('2026-11-25T02:00:00Z');
    const live = (f = await startLiveServer(clock, { RA_SMTP_URL: smtp.url }));
    const caseId = await contactedCase(live);
    await live.staff.engineer.post(`/api/cases/${caseId}/reports`, { cause: 'unknown', actions: 'Could not reproduce the stall during the session.', outcome: 'resolved' });
    await vi.waitFor(async () => expect((await reportMail(live))).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('451') }));
    await clock.advance(MINUTE); // first retry after 1 minute: still refused
    await vi.waitFor(async () => expect((await reportMail(live)).attempts).toBe(2));
    const entry = (await reportMail(live));
    expect(Date.parse(entry.nextAttemptAt) - clock.now()).toBe(2 * MINUTE);
    smtp.failing = false;
    await clock.advance(2 * MINUTE);
    await vi.waitFor(() => expect(smtp!.messages.filter((m) => m.subject?.includes('Result report'))).toHaveLength(1));
    await vi.waitFor(async () => expect((await reportMail(live))).toMatchObject({ status: 'sent', attempts: 3, lastError: null }));
    expect((await live.staff.engineer.get('/api/outbox')).status).toBe(403);
  });

  it('for a declined session reports the outcome the session set, once', async () => {
    const clock = testClock('2026-11-25T02:00:00Z');
    const live = (f = await startLiveServer(clock));
    const caseId = await contactedCase(live);
    const { code } = await openSession(live, caseId);
    const { agent } = await connectAgent(live.server.url, { joinCode: code });
    await emit(agent, 'agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 'test' });
    const ended = next(agent, 'session:ended');
    await emit(agent, 'agent:consent', await consentAnswer('decline'));
    await ended;
    const wrong = await live.staff.engineer.post(`/api/cases/${caseId}/reports`, { cause: 'unknown', actions: 'User declined the remote support.', outcome: 'resolved' });
    expect(wrong.status).toBe(409);
    const ok = await live.staff.engineer.post(`/api/cases/${caseId}/reports`, { cause: 'unknown', actions: 'User declined the remote support.', outcome: 'user_declined' });
    expect(ok.status).toBe(201);
    const twice = await live.staff.engineer.post(`/api/cases/${caseId}/reports`, { cause: 'unknown', actions: 'User declined the remote support.', outcome: 'user_declined' });
    expect(twice.body.error.code).toBe('REPORT_EXISTS');
  });

  it('escapes everything that came from the agent', async () => {
    const clock = testClock('2026-11-25T02:00:00Z');
    const live = (f = await startLiveServer(clock));
    const caseId = await contactedCase(live);
    const { code, sessionId } = await openSession(live, caseId);
    const { agent } = await connectAgent(live.server.url, { joinCode: code });
    await emit(agent, 'agent:hello', { device: windowsDevice({ osName: 'Windows <script>alert(1)</script>', hostname: '<img src=x onerror=alert(2)>' }), language: 'en', agentVersion: 'test' });
    await emit(agent, 'agent:consent', await consentAnswer('accept', { typedName: '<b>Lee</b>' }));
    await emit(agent, 'session:action', { kind: 'chat', text: '<iframe src="https://evil.example">' });
    await live.staff.engineer.post(`/api/sessions/${sessionId}/end`);
    const preview = await live.staff.engineer.post(`/api/cases/${caseId}/reports/preview`, { cause: 'unknown', actions: 'Checked <everything>.', outcome: 'resolved' });
    expect(preview.status).toBe(200);
    const html: string = preview.body.html;
    expect(html).not.toMatch(/<script>|<iframe|<b>Lee/);
    expect(html).toContain('Windows &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;iframe');
    expect(preview.body.report.result.actions).toBe('Checked <everything>.');
    // A preview stores and sends nothing.
    expect((await live.staff.engineer.get(`/api/cases/${caseId}/reports`)).body).toEqual([]);
  });
});
