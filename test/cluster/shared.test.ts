import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { startCluster, type TestCluster } from '../support/cluster.js';
import { fileCase, loginAs, PASSWORD, seedStaff, type Staff } from '../support/fixtures.js';
import { runTs } from '../support/processes.js';
import { closeSockets, connect, refusal } from '../support/realtime.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';

/**
 * What three nodes on one PostgreSQL and one Redis share besides live sessions: the audit chain,
 * the login and join-code limits, the monthly mailing, and what happens when Redis goes away.
 * The tests run in order on one cluster (the last one stops its Redis).
 */
let cluster: TestCluster;
let smtp: TestSmtp;
let staff: Staff;

beforeAll(async () => {
  smtp = await startSmtp();
  cluster = await startCluster({ env: { RA_SMTP_URL: smtp.url } });
  staff = await seedStaff({ api: cluster.api });
}, 180_000);
afterAll(async () => {
  await cluster?.stop();
  await smtp?.close();
});
afterEach(() => closeSockets());

/** Each node on its own, not through the balancer. */
const nodeApis = (token: string | null = null): ApiClient[] => cluster.nodes.map((n) => apiClient(n.url, token));
const tryCodeOn = async (url: string, joinCode: string) => (await refusal(connect(url, '/agent', { joinCode }))).code;

describe('three nodes on one store and one Redis', { timeout: 120_000 }, () => {
  it('each answer /api/health and /api/ready with the store and Redis reachable', async () => {
    for (const api of nodeApis()) {
      expect(await api.get('/api/health')).toMatchObject({ status: 200, body: { ok: true } });
      expect(await api.get('/api/ready')).toMatchObject({ status: 200, body: { ready: true, store: 'ok', redis: 'ok', draining: false } });
    }
  });

  it('keep one audit chain that verifies, online and offline, when cases are filed on every node at once', async () => {
    const token = await loginAs(cluster.api, 'cca', PASSWORD);
    const filed = await Promise.all(nodeApis(token).flatMap((api) => Array.from({ length: 8 }, () => fileCase(api))));
    expect(new Set(filed.map((c) => c.id)).size).toBe(24);
    const entries = (await staff.auditor.get('/api/audit?action=case.filed&limit=1000')).body.entries as Array<{ seq: number }>;
    expect(entries).toHaveLength(24);
    expect(new Set(entries.map((e) => e.seq)).size).toBe(24);
    for (const api of nodeApis(await loginAs(cluster.api, 'aud', PASSWORD))) expect((await api.get('/api/audit/verify')).body).toMatchObject({ ok: true });
    const offline = await runTs('server/cli/verifyAudit.ts', ['--database-url', cluster.databaseUrl, '--json'], {}, 60_000);
    expect(offline.code).toBe(0);
    expect(JSON.parse(offline.stdout)).toMatchObject({ ok: true, firstBrokenSeq: null });
  });

  it('count wrong join codes spread over all nodes against one limit, and then refuse even the right code on any node', async () => {
    const { id } = await fileCase(staff.callcenterA);
    await staff.engineer.post(`/api/cases/${id}/assign`);
    await staff.engineer.post(`/api/cases/${id}/contacts`, { reached: true, note: 'will read the code' });
    const code = (await staff.engineer.post(`/api/cases/${id}/sessions`)).body.joinCode.code as string;
    const wrong = String((Number(code) + 1) % 1e9).padStart(9, '0');
    const answers: Array<string | undefined> = [];
    for (let i = 0; i < 15; i++) answers.push(await tryCodeOn(cluster.nodes[i % 3]!.url, wrong));
    // On separate limiters each node would have let five through: fifteen in all.
    expect(answers.filter((c) => c === 'JOIN_CODE_INVALID')).toHaveLength(5);
    expect(answers.filter((c) => c === 'RATE_LIMITED')).toHaveLength(10);
    for (const node of cluster.nodes) expect(await tryCodeOn(node.url, code)).toBe('RATE_LIMITED');
  });

  it('count wrong passwords for one account spread over all nodes against one limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await nodeApis()[i % 3]!.post('/api/auth/login', { username: 'eng2', password: 'not-the-password' })).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    // The right password waits too, on every node.
    for (const api of nodeApis()) expect((await api.post('/api/auth/login', { username: 'eng2', password: PASSWORD })).status).toBe(429);
  });

  it('mail each company’s monthly statistics once when all nodes start together', async () => {
    // Companies exist now; every node mails what is due when it starts (and hourly).
    for (const node of cluster.nodes) node.child.kill('SIGKILL');
    await Promise.all(cluster.nodes.map((n) => n.exited));
    await Promise.all([0, 1, 2].map((i) => cluster.replace(i)));
    const statistics = () => smtp.messages.filter((m) => m.subject?.includes('Monthly statistics 2026-10'));
    await vi.waitFor(() => expect(statistics()).toHaveLength(2), { timeout: 30_000, interval: 200 });
    // A node that had not seen the others' mailing would send its own a moment later.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(statistics().map((m) => (Array.isArray(m.to) ? '' : m.to?.text)).sort()).toEqual(['reports@alpha.example', 'reports@beta.example']);
    const mailed = (await staff.auditor.get('/api/audit?action=statistics.mailed&limit=100')).body.entries;
    expect(mailed).toHaveLength(2);
  });

  it('refuse logins and join codes with SERVICE_UNAVAILABLE while Redis is unreachable, and report themselves not ready', async () => {
    const { id } = await fileCase(staff.callcenterA);
    await cluster.redis.stop();
    for (const api of nodeApis()) {
      expect(await api.get('/api/health')).toMatchObject({ status: 200, body: { ok: true } });
      expect(await api.get('/api/ready')).toMatchObject({ status: 503, body: { ready: false, store: 'ok', redis: 'unreachable' } });
      const login = await api.post('/api/auth/login', { username: 'eng1', password: PASSWORD });
      expect(login.status).toBe(503);
      expect(login.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    }
    for (const node of cluster.nodes) expect(await tryCodeOn(node.url, '123456789')).toBe('SERVICE_UNAVAILABLE');
    // What needs no shared limit goes on: the store is there.
    expect((await staff.engineer.get(`/api/cases/${id}`)).status).toBe(200);
  });
});
