import { describe, expect, it } from 'vitest';
import { PLAYBACK_CHECKS_PER_10_MINUTES } from '../../server/realtime/agentNamespace.js';
import { PlaybackCheckView } from '../../shared/playbackCheck/records.js';
import type { TestClock } from '../support/clock.js';
import { contactedCase, liveServerPerTest, openSession, type LiveFixture } from '../support/live.js';
import { browserHello, collect, connect, connectAgent, connectBrowser, consentAnswer, emit, next, refusal, tick, windowsDevice } from '../support/realtime.js';
import { healthy, with_ } from '../support/playbackMeasurements.js';

let f: LiveFixture;
let clock: TestClock;
liveServerPerTest((fixture, c) => {
  f = fixture;
  clock = c;
});

/** A session of eng1's with the owner watching; the browser joins (and consents, unless told not to). */
async function browserSession(options: { consent?: boolean; hello?: ReturnType<typeof browserHello> } = {}) {
  const caseId = await contactedCase(f);
  const { sessionId, code } = await openSession(f, caseId);
  const viewer = await connect(f.server.url, '/staff', { token: f.engineerToken });
  const watched = await emit(viewer, 'session:watch', { sessionId });
  const joined = await connectBrowser(f.server.url, code, options);
  return { caseId, sessionId, code, viewer, viewerId: watched.viewerId as string, ...joined };
}

const audit = async (sessionId: number, action?: string) =>
  (await f.staff.auditor.get(`/api/audit?sessionId=${sessionId}&limit=1000${action ? `&action=${action}` : ''}`)).body.entries as Array<{ action: string; details: Record<string, unknown>; actor: Record<string, unknown> }>;

describe('a browser joins with the code', () => {
  it('is recorded as a browser session whose device report says which browser on which system, view only', async () => {
    const s = await browserSession({ consent: false });
    expect(s.hello.consent).toMatchObject({ capabilities: ['view_screen', 'playback_check', 'chat'], diagnostics: [] });
    expect(s.hello.remoteControl).toEqual({ offered: true, reason: 'in_policy', target: 'win-x64' });
    const view = (await f.staff.engineer.get(`/api/sessions/${s.sessionId}`)).body;
    expect(view).toMatchObject({
      status: 'consent_pending',
      agentKind: 'browser',
      device: {
        platform: 'windows', osName: 'Windows 11', osRelease: '10.0', hostname: '', cpu: { cores: 8 }, memoryBytes: 8 * 2 ** 30,
        displays: [{ width: 1920, height: 1080 }],
        browser: { name: 'Google Chrome', version: '131.0.6778.86', deviceType: 'desktop', source: 'client_hints', canShareScreen: true },
      },
    });
    const [accepted] = await audit(s.sessionId, 'session.device_accepted');
    expect(accepted!.details).toMatchObject({ agentKind: 'browser', platform: 'windows', device: 'Browser Google Chrome 131.0.6778.86 on Windows 11 10.0 (desktop), 8 cores, 8.0 GB RAM, view only' });
  });

  it('may check and share from any system: the support policy gates remote control only', async () => {
    const mac = await browserSession({ consent: false, hello: browserHello({ browser: { osName: 'macOS', osVersion: '14.5', name: 'Safari', source: 'user_agent' } }) });
    expect(mac.hello.remoteControl).toEqual({ offered: false, reason: 'not_in_policy', target: null });
    expect((await f.staff.engineer.get(`/api/sessions/${mac.sessionId}`)).body).toMatchObject({ status: 'consent_pending', device: { platform: 'macos' } });

    const phone = await browserSession({ consent: false, hello: browserHello({ canShareScreen: false, browser: { osName: 'Android', osVersion: '14', deviceType: 'mobile', model: 'Pixel 7' } }) });
    expect(phone.hello.consent.capabilities).toEqual(['playback_check', 'chat']);
    expect(phone.hello.remoteControl).toEqual({ offered: false, reason: 'no_agent_for_system', target: null });
  });

  it('offers the Linux agent for a Linux PC only where the lab policy allows Linux', async () => {
    const linux = await browserSession({ consent: false, hello: browserHello({ browser: { osName: 'Linux', osVersion: '', architecture: 'x86 64' } }) });
    expect(linux.hello.remoteControl).toEqual({ offered: false, reason: 'not_in_policy', target: null });
  });

  it('cannot turn into the agent program, and the agent program cannot claim to be a browser', async () => {
    const s = await browserSession({ consent: false });
    const again = await emit(s.agent, 'agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 'test' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const { sessionId, code } = await openSession(f, await contactedCase(f));
    const { agent } = await connectAgent(f.server.url, { joinCode: code });
    const device = { ...windowsDevice(), browser: browserDeviceClaim() };
    expect((await emit(agent, 'agent:hello', { device, language: 'en', agentVersion: 'test' })).ok).toBe(true);
    const view = (await f.staff.engineer.get(`/api/sessions/${sessionId}`)).body;
    expect(view.agentKind).toBe('agent');
    expect(view.device.browser).toBeUndefined();
    expect(await emit(agent, 'agent:hello', browserHello())).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

function browserDeviceClaim() {
  return { name: 'Chrome', version: '1', engine: 'Blink', userAgent: 'x', deviceType: 'desktop' as const, model: '', source: 'user_agent' as const, canShareScreen: true };
}

describe('a browser session is view only', () => {
  it('refuses control and diagnostics from either side, with VIEW_ONLY_SESSION, and audits each refusal', async () => {
    const s = await browserSession();
    for (const action of [{ kind: 'control_granted' }, { kind: 'diagnostic_run', check: 'pc_spec', status: 'pass', summary: 'fine' }, { kind: 'monitor_switched', displayId: '1' }]) {
      expect(await emit(s.agent, 'session:action', action), action.kind).toMatchObject({ ok: false, error: { code: 'VIEW_ONLY_SESSION' } });
    }
    expect(await emit(s.viewer, 'session:action', { sessionId: s.sessionId, action: { kind: 'control_stopped', by: 'engineer' } })).toMatchObject({ ok: false, error: { code: 'VIEW_ONLY_SESSION' } });
    const refused = await audit(s.sessionId, 'session.action_refused');
    expect(refused.map((e) => e.details['kind'])).toEqual(['control_granted', 'diagnostic_run', 'monitor_switched', 'control_stopped']);
    expect(refused.every((e) => e.details['code'] === 'VIEW_ONLY_SESSION')).toBe(true);
    expect(await audit(s.sessionId, 'session.control_granted')).toEqual([]);
  });

  it('carries chat both ways: the engineer’s through the server to the browser, the browser’s to the viewers', async () => {
    const s = await browserSession();
    const toBrowser = next(s.agent, 'session:chat');
    expect((await emit(s.viewer, 'session:action', { sessionId: s.sessionId, action: { kind: 'chat', text: 'Hello from the HelpDesk' } })).ok).toBe(true);
    expect(await toBrowser).toEqual({ text: 'Hello from the HelpDesk', at: expect.any(String), from: 'eng1 name' });
    const toViewer = next(s.viewer, 'session:action');
    expect((await emit(s.agent, 'session:action', { kind: 'chat', text: 'The video stops at 0:10' })).ok).toBe(true);
    expect(await toViewer).toEqual({ sessionId: s.sessionId, actor: 'agent', action: { kind: 'chat', text: 'The video stops at 0:10' } });
    expect((await audit(s.sessionId, 'session.chat')).map((e) => [e.details['reportedBy'], e.details['text']])).toEqual([
      ['engineer', 'Hello from the HelpDesk'],
      ['browser', 'The video stops at 0:10'],
    ]);
  });

  it('does not send the engineer’s chat through the server to the agent program, which has its data channel', async () => {
    const { sessionId, code } = await openSession(f, await contactedCase(f));
    const viewer = await connect(f.server.url, '/staff', { token: f.engineerToken });
    await emit(viewer, 'session:watch', { sessionId });
    const { agent } = await connectAgent(f.server.url, { joinCode: code });
    await emit(agent, 'agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 'test' });
    await emit(agent, 'agent:consent', await consentAnswer('accept'));
    const chats = collect(agent, 'session:chat');
    expect((await emit(viewer, 'session:action', { sessionId, action: { kind: 'chat', text: 'hi' } })).ok).toBe(true);
    await tick(200);
    expect(chats).toEqual([]);
  });
});

describe('the playback check from the browser', () => {
  it('is evaluated by the server, kept with the case, summarised in the audit log and shown to the viewers', async () => {
    const s = await browserSession();
    const shown = next(s.viewer, 'session:playback-check');
    const measurements = healthy();
    const ack = await emit(s.agent, 'agent:playback-check', { measurements });
    expect(ack.ok).toBe(true);
    const check = PlaybackCheckView.parse(ack.check);
    expect(check).toMatchObject({ sessionId: s.sessionId, caseId: s.caseId, result: { version: 1, status: 'pass', measurements } });
    expect(await shown).toEqual({ sessionId: s.sessionId, check: ack.check });

    const listed = (await f.staff.engineer.get(`/api/cases/${s.caseId}/playback-checks`)).body;
    expect(listed).toEqual([ack.check]);
    const [entry] = await audit(s.sessionId, 'session.playback_check');
    expect(entry!.details).toMatchObject({ reportedBy: 'browser', checkId: check.id, version: 1, status: 'pass', counts: { pass: expect.any(Number), fail: 0 }, attention: [] });
    // A summary, not the measurements: those are in the case record.
    expect(entry!.details).not.toHaveProperty('measurements');
    expect(JSON.stringify(entry!.details).length).toBeLessThan(1500);
  });

  it('takes the browser’s measurements, never its verdicts: a failing clip fails, whatever the page says', async () => {
    const s = await browserSession();
    const m = healthy();
    if (m.playback['720p'].status === 'ok') m.playback['720p'].data.decodedFrames = 0;
    const ack = await emit(s.agent, 'agent:playback-check', { measurements: m, status: 'pass' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const accepted = await emit(s.agent, 'agent:playback-check', { measurements: m });
    expect(accepted.check.result.status).toBe('fail');
    const [entry] = await audit(s.sessionId, 'session.playback_check');
    expect(entry!.details['attention']).toEqual(['playback 720p fail: nothing_decoded']);
  });

  it('goes into the result report: the rows with what they usually mean, failing first, and the browser in the device line', async () => {
    const s = await browserSession();
    const m = with_((x) => {
      if (x.playback['720p'].status === 'ok') x.playback['720p'].data.decodedFrames = 0;
    });
    const ack = await emit(s.agent, 'agent:playback-check', { measurements: m });
    expect(ack.ok).toBe(true);
    await emit(s.viewer, 'session:end', { sessionId: s.sessionId });
    const report = await f.staff.engineer.post(`/api/cases/${s.caseId}/reports`, { cause: 'browser_settings', actions: 'Checked playback in the user’s browser.', outcome: 'resolved' });
    expect(report.status).toBe(201);
    const html = (await f.staff.engineer.get(`/api/cases/${s.caseId}/reports/${report.body.id}?format=html`)).text;
    expect(html).toContain('Video-playback check in the browser / 브라우저 영상 재생 검사');
    const tables = html.slice(html.indexOf('Video-playback check in the browser'));
    const firstRow = /<tr><td>([^<]*)<\/td><td>([^<]*)<\/td>/.exec(tables.slice(tables.indexOf('</th></tr>')));
    expect(firstRow?.slice(1)).toEqual(['재생 테스트 720p / Playback test 720p', 'fail']);
    expect(html).toContain('720p: first frame after');
    expect(html).toContain('<th>Device / 기기</th><td>Browser Google Chrome 131.0.6778.86 on Windows 11 10.0 (desktop), 8 cores, 8.0 GB RAM, view only</td>');
    const json = (await f.staff.engineer.get(`/api/cases/${s.caseId}/reports/${report.body.id}`)).body;
    expect(json.sessions[0].playbackChecks).toEqual([expect.objectContaining({ status: 'fail', rows: expect.arrayContaining([expect.objectContaining({ status: 'fail', summary: expect.stringContaining('0 frames decoded') })]) })]);
  });

  it('is refused before the consent and after the end, changes nothing, and is audited', async () => {
    const s = await browserSession({ consent: false });
    expect(await emit(s.agent, 'agent:playback-check', { measurements: healthy() })).toMatchObject({ ok: false, error: { code: 'SESSION_NOT_CONSENTED' } });
    expect(await emit(s.agent, 'agent:consent', await consentAnswer('accept'))).toMatchObject({ ok: true });
    expect((await f.staff.engineer.post(`/api/sessions/${s.sessionId}/end`)).status).toBe(200);
    expect(await emit(s.agent, 'agent:playback-check', { measurements: healthy() })).toMatchObject({ ok: false, error: { code: 'SESSION_ENDED' } });
    expect((await f.staff.engineer.get(`/api/cases/${s.caseId}/playback-checks`)).body).toEqual([]);
    expect((await audit(s.sessionId, 'session.playback_check_refused')).map((e) => e.details['code'])).toEqual(['SESSION_NOT_CONSENTED', 'SESSION_ENDED']);
  });

  it('refuses measurements that are not of the schema, and stores nothing', async () => {
    const s = await browserSession();
    const bad = healthy() as any;
    bad.browser.data.userAgent = 'x'.repeat(5000);
    expect(await emit(s.agent, 'agent:playback-check', { measurements: bad })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: { 'measurements.browser.data.userAgent': expect.anything() } } });
    expect(await emit(s.agent, 'agent:playback-check', { measurements: { version: 2 } })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect((await f.staff.engineer.get(`/api/cases/${s.caseId}/playback-checks`)).body).toEqual([]);
  });

  it(`takes at most ${PLAYBACK_CHECKS_PER_10_MINUTES} checks in 10 minutes per session`, async () => {
    const s = await browserSession();
    for (let i = 0; i < PLAYBACK_CHECKS_PER_10_MINUTES; i++) expect((await emit(s.agent, 'agent:playback-check', { measurements: healthy() })).ok).toBe(true);
    expect(await emit(s.agent, 'agent:playback-check', { measurements: healthy() })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } } });
    await clock.advance(10 * 60_000 + 1);
    expect((await emit(s.agent, 'agent:playback-check', { measurements: healthy() })).ok).toBe(true);
    const listed = (await f.staff.engineer.get(`/api/cases/${s.caseId}/playback-checks`)).body;
    expect(listed).toHaveLength(PLAYBACK_CHECKS_PER_10_MINUTES + 1);
    expect(listed[0].id).toBeGreaterThan(listed[1].id);
  });

  it('is visible to whoever sees the case, and to nobody else', async () => {
    const s = await browserSession();
    await emit(s.agent, 'agent:playback-check', { measurements: healthy() });
    expect((await f.staff.callcenterA.get(`/api/cases/${s.caseId}/playback-checks`)).body).toHaveLength(1);
    expect((await f.staff.callcenterB.get(`/api/cases/${s.caseId}/playback-checks`)).status).toBe(404);
    expect((await f.server.api.get(`/api/cases/${s.caseId}/playback-checks`)).status).toBe(401);
  });
});

describe('ending a browser session', () => {
  it('ends as the user’s stop when the page goes away and tells the server with its token', async () => {
    const s = await browserSession();
    const ended = next(s.viewer, 'session:ended');
    const res = await fetch(`${f.server.url}/api/agent/stop`, { method: 'POST', headers: { authorization: `Bearer ${s.welcome.sessionToken}` } });
    expect(res.status).toBe(204);
    expect(await ended).toEqual({ sessionId: s.sessionId, reason: 'user_stopped' });
    const [entry] = await audit(s.sessionId, 'session.ended');
    expect(entry!.details).toMatchObject({ reason: 'user_stopped', via: 'page_closed' });
    expect((await fetch(`${f.server.url}/api/agent/stop`, { method: 'POST', headers: { authorization: 'Bearer not-a-real-token-at-all-xx' } })).status).toBe(401);
  });

  it('refuses a stop that carries a body, and the session goes on', async () => {
    const s = await browserSession();
    const res = await fetch(`${f.server.url}/api/agent/stop`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.welcome.sessionToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'anything' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await f.staff.engineer.get(`/api/sessions/${s.sessionId}`)).body.status).toBe('active');
  });
});

describe('handing over to the agent program', () => {
  it('ends the browser session as the user’s stop and opens one that the program joins with the same code', async () => {
    const s = await browserSession();
    const ended = next(s.viewer, 'session:ended');
    const ack = await emit(s.agent, 'agent:handover', {});
    expect(ack).toMatchObject({ ok: true, expiresAt: new Date(clock.now() + 10 * 60_000).toISOString() });
    const told = await ended;
    expect(told).toEqual({ sessionId: s.sessionId, reason: 'user_stopped', handedOverTo: expect.any(Number) });
    const next_ = (await f.staff.engineer.get(`/api/sessions/${told.handedOverTo}`)).body;
    expect(next_).toMatchObject({ caseId: s.caseId, status: 'waiting', engineer: { displayName: 'eng1 name' } });
    expect((await f.staff.engineer.get(`/api/cases/${s.caseId}`)).body.status).toBe('in_session');
    const [opened] = await audit(told.handedOverTo, 'session.opened');
    expect(opened!.details).toMatchObject({ handoverFrom: s.sessionId });

    const { welcome } = await connectAgent(f.server.url, { joinCode: s.code });
    expect(welcome.sessionId).toBe(told.handedOverTo);
    // Single-use as ever: the code that was handed over works once more, not twice.
    expect((await refusal(connect(f.server.url, '/agent', { joinCode: s.code }))).code).toBe('JOIN_CODE_EXPIRED');
  });

  it('lets the handed-over code expire unused after its lifetime', async () => {
    const s = await browserSession();
    const ack = await emit(s.agent, 'agent:handover', {});
    await clock.advance(10 * 60_000 + 1);
    await tick(100);
    const sessions = (await f.staff.engineer.get(`/api/cases/${s.caseId}/sessions`)).body;
    expect(sessions.map((x: any) => [x.status, x.endReason])).toEqual([['ended', 'user_stopped'], ['ended', 'code_expired']]);
    expect(ack.ok).toBe(true);
  });

  it('is refused before the user consented, and changes nothing', async () => {
    const s = await browserSession({ consent: false });
    expect(await emit(s.agent, 'agent:handover', {})).toMatchObject({ ok: false });
    expect((await f.staff.engineer.get(`/api/sessions/${s.sessionId}`)).body.status).toBe('consent_pending');
    expect((await f.staff.engineer.get(`/api/cases/${s.caseId}/sessions`)).body).toHaveLength(1);
  });

  it('is refused to a system the agent program is not for (a phone), and changes nothing', async () => {
    const s = await browserSession({ hello: browserHello({ canShareScreen: false, browser: { osName: 'Android', osVersion: '14', deviceType: 'mobile', model: 'Pixel 7' } }) });
    expect(await emit(s.agent, 'agent:handover', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'no_agent_for_system' } } });
    expect((await f.staff.engineer.get(`/api/sessions/${s.sessionId}`)).body.status).toBe('active');
    expect((await f.staff.engineer.get(`/api/cases/${s.caseId}/sessions`)).body).toHaveLength(1);
  });

  it('is only for a browser session', async () => {
    const { code } = await openSession(f, await contactedCase(f));
    const { agent } = await connectAgent(f.server.url, { joinCode: code });
    await emit(agent, 'agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 'test' });
    expect(await emit(agent, 'agent:handover', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
