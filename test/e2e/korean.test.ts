import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXTENSION_CONSENT, SESSION_CONSENT, sha256Hex } from '../../shared/consent.js';
import { deviceSummary } from '../../shared/protocol/device.js';
import { FIRST_LEVEL_CHECKS, type CaseIntakeInput } from '../../shared/schemas/cases.js';
import { fileCase, type Staff } from '../support/fixtures.js';
import { openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { closeSockets, connect, connectAgent, emit, next, windowsDevice } from '../support/realtime.js';
import { ADMIN } from '../support/server.js';
import { openAs, screenshot, webBrowser, type UserPage } from '../support/web.js';

/** How long a poll waits for what the server or the page does next (the machine may be busy). */
const WAIT = { timeout: 10_000 };
vi.setConfig({ testTimeout: 120_000 });

/**
 * Every page in Korean, as each role, with data on it: no English may show, neither on screen
 * nor in what assistive technology reads (labels, titles, option texts). What may: proper names
 * of products and formats, units, and the data the test itself entered in English (names,
 * addresses, the device's own description) — listed below, nothing else.
 */
const ALLOWED_WORDS = new Set(['RemoteAssist', 'English', 'CSV', 'JSON', 'PC', 'CPU', 'RAM', 'GB', 'ID', 'SHA', 'Visual', 'Shift', 'Esc', 'Windows', 'xlsx', 'csv']);
const ALLOWED_PATTERNS = [
  /https?:\/\/\S+/g, // addresses
  /[\w.+-]+@[\w.-]+/g, // e-mail addresses
  /RA-[A-Z0-9-]+/g, // case references, consent text versions
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, // request ids
  /\b[0-9a-f]{32,}\b/g, // hashes
  /JSON Lines/g, // a format's name
  /RemoteAssist Support/g, // the end-user program's product name
];

const device = windowsDevice();
const korean = (overrides: Partial<CaseIntakeInput> = {}): Partial<CaseIntakeInput> => ({
  requestingAgent: '김상담',
  customerName: '이고객',
  reachableHours: '평일 오후 2시 이후',
  symptoms: '강의 영상 재생 시 10초마다 끊기고 화면이 검게 멈춤',
  pcSpec: undefined,
  firstLevelChecks: Object.fromEntries(FIRST_LEVEL_CHECKS.map((c) => [c.key, { done: true, result: '정상' }])) as CaseIntakeInput['firstLevelChecks'],
  ...overrides,
});

let f: LiveFixture;
let browser: Browser;
const ids = { closedCase: 0, closedSession: 0, contactedCase: 0, liveCase: 0, liveSession: 0 };
let liveAgent: Socket;
let dataWords: string[] = [];

async function contacted(staff: Staff): Promise<number> {
  const { id } = await fileCase(staff.callcenterA, korean());
  await staff.engineer.post(`/api/cases/${id}/assign`);
  await staff.engineer.post(`/api/cases/${id}/contacts`, { reached: true, note: '두 번째 통화에서 연결됨' });
  return id;
}

/** A session the user consented to in Korean; the agent and the engineer's socket are plain sockets. */
async function consentedSession(caseId: number): Promise<{ sessionId: number; agent: Socket }> {
  const { sessionId, code } = await openSession(f, caseId);
  const { agent } = await connectAgent(f.server.url, { joinCode: code });
  await emit(agent, 'agent:hello', { device, language: 'ko', agentVersion: '1.0.0' });
  const consent = { decision: 'accept', textVersion: SESSION_CONSENT.version, textSha256: await sha256Hex(SESSION_CONSENT.ko), language: 'ko', typedName: '이고객', allowObservers: false };
  expect((await emit(agent, 'agent:consent', consent)).ok).toBe(true);
  return { sessionId, agent };
}

const diagnostic = {
  kind: 'diagnostic_run', check: 'pc_spec', status: 'pass', summary: '최소 사양을 충족합니다', automatic: true,
  items: [{ label: '메모리', value: '4 GB', expected: '4 GB 이상', status: 'pass' }, { label: '운영체제', value: '윈도우 10', expected: null, status: 'info' }],
};

beforeAll(async () => {
  f = await startLiveServer(undefined);
  // A closed case: a session with diagnostics, remote control, chat and an extension; its report mailed.
  ids.closedCase = await contacted(f.staff);
  const first = await consentedSession(ids.closedCase);
  ids.closedSession = first.sessionId;
  const viewer = await connect(f.server.url, '/staff', { token: f.engineerToken });
  await emit(viewer, 'session:watch', { sessionId: first.sessionId });
  for (const action of [diagnostic, { kind: 'control_granted' }, { kind: 'chat', text: '안녕하세요, 화면이 보입니다' }]) await emit(first.agent, 'session:action', action);
  const offered = next(first.agent, 'session:extension-request');
  const asked = await emit(viewer, 'session:extend', { sessionId: first.sessionId, minutes: 30, reason: '플레이어 재설치에 시간이 더 필요합니다' });
  await offered;
  await emit(first.agent, 'agent:extension-answer', { requestId: asked.requestId, decision: 'accept', textVersion: EXTENSION_CONSENT.version, textSha256: await sha256Hex(EXTENSION_CONSENT.ko), language: 'ko', typedName: '이고객' });
  await emit(viewer, 'session:end', { sessionId: first.sessionId });
  await f.staff.engineer.post(`/api/cases/${ids.closedCase}/reports`, { cause: 'player_runtime', actions: '플레이어 런타임을 다시 설치했고 영상이 재생됩니다.', outcome: 'resolved' });
  // A contacted case (its page offers the report form), an unassigned one in the queue, a running session.
  ids.contactedCase = await contacted(f.staff);
  await fileCase(f.staff.callcenterB, korean({ customerName: '박고객' }));
  ids.liveCase = await contacted(f.staff);
  const live = await consentedSession(ids.liveCase);
  ids.liveSession = live.sessionId;
  liveAgent = live.agent;
  // What the test entered in English is data, not the page's language.
  const mails = (await f.staff.admin.get('/api/outbox')).body as Array<{ subject: string }>;
  const usernames = ['eng1', 'eng2', 'cca', 'ccb', 'aud', ADMIN.username];
  dataWords = ['Alpha Lectures', 'Beta Academy', 'Administrator', ...usernames.map((u) => `${u} name`), ...usernames, deviceSummary(device), `${device.osName} ${device.osRelease}`, device.hostname, ...mails.map((m) => m.subject)];
  browser = await webBrowser();
}, 120_000);
afterAll(async () => {
  closeSockets();
  await browser?.close();
  await f?.server.close();
});

/** Everything of the page a user can see or hear read out. */
function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const document = (globalThis as any).document;
    const texts: string[] = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) if (el.getAttribute(name)) texts.push(el.getAttribute(name));
    }
    for (const option of document.querySelectorAll('option')) texts.push(option.textContent);
    return texts.join('\n');
  });
}

/** The English words left once the allowed names, data and patterns are taken out. */
function englishWords(text: string): string[] {
  let rest = text;
  for (const phrase of [...dataWords].sort((a, b) => b.length - a.length)) {
    rest = rest.replace(new RegExp(`(?<![A-Za-z0-9])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'g'), ' ');
  }
  for (const pattern of ALLOWED_PATTERNS) rest = rest.replace(pattern, ' ');
  return [...new Set((rest.match(/[A-Za-z][A-Za-z_.]*[A-Za-z]|[A-Za-z]{2,}/g) ?? []).filter((w) => !ALLOWED_WORDS.has(w)))];
}

async function walk(user: UserPage, path: string, ready: string): Promise<void> {
  await user.page.goto(`${f.server.url}${path}`);
  await user.page.locator(ready).first().waitFor();
  await expect.poll(() => user.page.locator('[aria-busy="true"]').count(), WAIT).toBe(0);
  expect(englishWords(await visibleText(user.page)), `${path}`).toEqual([]);
}

describe('the web app in Korean', () => {
  it('shows no English on any page, as any role, with data on every page', async () => {
    const login = await browser.newContext({ locale: 'ko-KR' });
    const loginPage = await login.newPage();
    await loginPage.goto(`${f.server.url}/`);
    await loginPage.getByRole('button', { name: '로그인' }).waitFor();
    expect(englishWords(await visibleText(loginPage)), 'login').toEqual([]);

    const cc = await openAs(browser, f.server, 'cca', { locale: 'ko-KR' });
    await walk(cc, '/requests/new', 'form.request-form');
    await cc.page.getByRole('button', { name: '헬프데스크로 보내기' }).click();
    await cc.page.getByTestId('problem-summary').waitFor();
    expect(englishWords(await visibleText(cc.page)), 'refused request').toEqual([]);
    await walk(cc, '/requests/upload', 'input[type="file"]');
    await walk(cc, '/cases', 'table.cases');
    await walk(cc, `/cases/${ids.closedCase}`, 'dl.details');
    await walk(cc, '/statistics', '.stats-scope');

    const eng = await openAs(browser, f.server, 'eng1', { locale: 'ko-KR' });
    await walk(eng, '/queue', 'table.queue');
    await walk(eng, '/cases', 'table.cases');
    await walk(eng, `/cases/${ids.closedCase}`, '.diagnostic');
    await walk(eng, `/cases/${ids.contactedCase}`, '.report-form');
    await walk(eng, '/statistics', '.stats-scope');
    // The live page, with what the user's agent reports arriving while it is open.
    await eng.page.goto(`${f.server.url}/sessions/${ids.liveSession}`);
    await expect.poll(() => eng.page.locator('.live-status').textContent(), WAIT).toContain('연결됨');
    for (const action of [{ kind: 'control_granted' }, diagnostic, { kind: 'chat', text: '잘 보입니다' }, { kind: 'control_paused', by: 'user' }]) await emit(liveAgent, 'session:action', action);
    await expect.poll(() => eng.page.getByTestId('activity').locator('li').count(), WAIT).toBe(4);
    expect(englishWords(await visibleText(eng.page)), 'live page').toEqual([]);
    await screenshot(eng.page, 'engineer-live-session-ko');
    const other = await openAs(browser, f.server, 'eng2', { locale: 'ko-KR' });
    await walk(other, `/sessions/${ids.liveSession}`, '[data-testid="cannot-watch"]');

    const aud = await openAs(browser, f.server, 'aud', { locale: 'ko-KR' });
    await walk(aud, '/audit', 'table.sessions');
    await walk(aud, `/audit/sessions/${ids.closedSession}`, 'table.timeline tbody tr');
    await screenshot(aud.page, 'auditor-timeline-ko');
    await walk(aud, `/cases/${ids.closedCase}`, 'dl.details');
    await walk(aud, '/statistics', '.stats-scope');

    const admin = await openAs(browser, f.server, ADMIN.username, { locale: 'ko-KR' });
    await walk(admin, '/admin/companies', 'table tbody tr');
    await walk(admin, '/admin/users', 'table tbody tr');
    await walk(admin, '/admin/closures', 'form');
    await walk(admin, '/admin/outbox', 'table tbody tr');
    await screenshot(admin.page, 'admin-outbox-ko');
    await walk(admin, '/queue', 'table.queue');
    await walk(admin, '/audit', 'table.sessions');
    await walk(admin, '/statistics', '.stats-scope');
    for (const p of [cc, eng, other, aud, admin]) expect(p.problems).toEqual([]);
  });
});
