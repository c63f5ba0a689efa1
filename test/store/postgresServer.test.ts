import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../support/clock.js';
import { apiClient } from '../support/api.js';
import { fileCase, loginAs, PASSWORD, seedStaff, validIntake } from '../support/fixtures.js';
import { liveSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { runTs, spawnTs } from '../support/processes.js';
import { closeSockets, emit } from '../support/realtime.js';
import { ADMIN, startTestServer, type TestServer } from '../support/server.js';

/**
 * The HTTP flows of the desk and a live session's report on a server whose store is PostgreSQL
 * (`RA_DATABASE_URL`): the same behaviour as on the SQLite default.
 */
let pg: TestPostgres;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => pg?.stop());

const servers: TestServer[] = [];
const children: ChildProcess[] = [];
const dirs: string[] = [];
let live: LiveFixture | undefined;
afterEach(async () => {
  closeSockets();
  await live?.server.close();
  live = undefined;
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function serverOn(url: string, options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer({ ...options, env: { RA_DATABASE_URL: url, ...options.env } });
  servers.push(server);
  return server;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ra-pg-server-'));
  dirs.push(dir);
  return dir;
}

const verifyOffline = async (url: string) => {
  const result = await runTs('server/cli/verifyAudit.ts', ['--database-url', url, '--json']);
  return { code: result.code, report: JSON.parse(result.stdout || '{}') as { ok: boolean; firstBrokenSeq: number | null; checkedEntries: number } };
};

// Each test starts servers, a live session or child processes (the CLI, `npm start`): on a busy
// two-core machine one start of tsx alone can take seconds.
describe('a server on PostgreSQL', { timeout: 90_000 }, () => {
  it('takes cases in, queues them, assigns and records contacts, and its audit log verifies online and offline', async () => {
    const url = await pg.createDatabase();
    const server = await serverOn(url);
    const staff = await seedStaff(server);
    const first = await fileCase(staff.callcenterA);
    const urgent = await fileCase(staff.callcenterB, { urgent: true, siteCredentials: { userId: 'lee', password: 'kept-secret-1' } });
    expect((await staff.engineer.get('/api/queue')).body.map((c: { id: number }) => c.id)).toEqual([urgent.id, first.id]);
    expect((await staff.engineer.post(`/api/cases/${first.id}/assign`)).body.assignee).toMatchObject({ id: staff.ids.engineer });
    expect((await staff.engineer2.post(`/api/cases/${first.id}/assign`)).status).toBe(409);
    expect((await staff.engineer.post(`/api/cases/${first.id}/contacts`, { reached: true, note: 'called' })).body).toMatchObject({ status: 'contacted' });
    await staff.engineer.post(`/api/cases/${urgent.id}/assign`);
    expect((await staff.engineer.post(`/api/cases/${urgent.id}/credentials/reveal`, { reason: 'reproduce the stall' })).body.password).toBe('kept-secret-1');
    expect((await staff.callcenterA.post('/api/cases', validIntake({ reproducesOnCallCenterPc: true }))).body.error.code).toBe('CASE_NOT_SECOND_LEVEL');

    const actions = (await staff.auditor.get(`/api/audit?caseId=${first.id}`)).body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['case.filed', 'case.assigned', 'request.refused', 'case.contact_logged']);
    const online = (await staff.auditor.get('/api/audit/verify')).body;
    expect(online).toMatchObject({ ok: true, firstBrokenSeq: null });
    const offline = await verifyOffline(url);
    expect(offline.code).toBe(0);
    expect(offline.report.checkedEntries).toBeGreaterThanOrEqual(online.checkedEntries);
    // Without a flag the offline tools read where the server does: RA_DATABASE_URL.
    const fromEnv = await runTs('server/cli/verifyAudit.ts', ['--json'], { RA_DATABASE_URL: url });
    expect(fromEnv.code).toBe(0);
    const stats = await runTs('server/cli/statistics.ts', ['--month', '2026-11', '--database-url', url]);
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout).overall.casesReceived).toBe(2);
  });

  it('builds the result report of a live session from the record and queues its mail', async () => {
    const clock = testClock('2026-11-25T02:00:00Z');
    live = await startLiveServer(clock, { RA_DATABASE_URL: await pg.createDatabase() });
    const s = await liveSession(live);
    await emit(s.agent, 'session:action', { kind: 'diagnostic_run', check: 'player_runtime', status: 'fail', summary: 'runtime missing', automatic: true });
    await clock.advance(20 * 60_000);
    await emit(s.viewer, 'session:end', { sessionId: s.sessionId });
    const res = await live.staff.engineer.post(`/api/cases/${s.caseId}/reports`, { cause: 'player_runtime', actions: 'Reinstalled the runtime; the player works.', outcome: 'resolved' });
    expect(res.status).toBe(201);
    expect((await live.staff.engineer.get(`/api/cases/${s.caseId}`)).body).toMatchObject({ status: 'closed', outcome: 'resolved' });
    const list = await live.staff.callcenterA.get(`/api/cases/${s.caseId}/reports`);
    expect(list.body[0]).toMatchObject({ cause: 'player_runtime', outcome: 'resolved' });
    const mails = (await live.staff.admin.get('/api/outbox')).body as Array<{ kind: string }>;
    expect(mails.map((m) => m.kind)).toContain('report');
    expect((await live.staff.auditor.get('/api/audit/verify')).body.ok).toBe(true);
  });

  it('serves the same records from two servers on one database, and concurrent intake on both leaves one chain', async () => {
    const url = await pg.createDatabase();
    // What every node of a cluster shares besides the database: the same secrets.
    const secrets = { RA_DATA_KEY: Buffer.alloc(32, 3).toString('base64'), RA_JWT_SECRET: 'cluster-signing-secret-0123456789abcdef' };
    const a = await serverOn(url, { env: secrets });
    const b = await serverOn(url, { clock: a.clock, env: secrets });
    const staffA = await seedStaff(a);
    const ccOnB = b.api.as(await loginAs(b.api, 'cca', PASSWORD));
    const filed = await Promise.all(Array.from({ length: 20 }, (_, i) => fileCase(i % 2 ? ccOnB : staffA.callcenterA, { customerName: `Customer ${i}` })));
    const ids = filed.map((c) => c.id).sort((x, y) => x - y);
    const listedOnB = ((await ccOnB.get('/api/cases?limit=100')).body as Array<{ id: number }>).map((c) => c.id).sort((x, y) => x - y);
    expect(listedOnB).toEqual(ids);
    const auditorOnB = b.api.as(await loginAs(b.api, 'aud', PASSWORD));
    expect((await auditorOnB.get('/api/audit/verify')).body).toMatchObject({ ok: true });
    // A token one node signed is good on the other.
    expect((await apiClient(b.url).as(await loginAs(a.api, 'eng1', PASSWORD)).get('/api/queue')).status).toBe(200);
    expect((await staffA.auditor.get('/api/audit?action=case.filed&limit=100')).body.entries).toHaveLength(20);
  });

  it('detects an entry edited in the database behind the servers\' back, online and offline', async () => {
    const url = await pg.createDatabase();
    const server = await serverOn(url);
    const staff = await seedStaff(server);
    const { id } = await fileCase(staff.callcenterA);
    await staff.engineer.post(`/api/cases/${id}/assign`);
    await staff.engineer.post(`/api/cases/${id}/contacts`, { reached: true, note: 'called' });
    await server.stop();
    expect((await verifyOffline(url)).code).toBe(0);

    // What someone with the database's superuser can do: the triggers are no obstacle to them.
    await pg.sql(url, `ALTER TABLE audit_log DISABLE TRIGGER USER;
      UPDATE audit_log SET details_json = '{"reached":false}' WHERE action = 'case.contact_logged'`);
    const [edited] = await pg.sql(url, `SELECT seq FROM audit_log WHERE action = 'case.contact_logged'`);
    const offline = await verifyOffline(url);
    expect(offline.code).toBe(1);
    expect(offline.report).toMatchObject({ ok: false, firstBrokenSeq: Number(edited!['seq']) });
    expect((await runTs('server/cli/verifyAudit.ts', [], { RA_DATABASE_URL: url })).stdout).toContain(`Audit log BROKEN at entry ${offline.report.firstBrokenSeq}`);

    const restarted = await serverOn(url, { clock: server.clock, dataDir: server.dataDir });
    const auditor = restarted.api.as(await loginAs(restarted.api, 'aud', PASSWORD));
    expect((await auditor.get('/api/audit/verify')).body).toMatchObject({ ok: false, firstBrokenSeq: offline.report.firstBrokenSeq });
  });

  it('detects entries deleted from the end of the log', async () => {
    const url = await pg.createDatabase();
    const server = await serverOn(url);
    await seedStaff(server);
    await server.stop();
    await pg.sql(url, 'ALTER TABLE audit_log DISABLE TRIGGER USER; DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 2 FROM audit_log)');
    expect((await verifyOffline(url)).report).toMatchObject({ ok: false });
  });

  it('keeps every acknowledged intake when the server process is killed with SIGKILL', async () => {
    const url = await pg.createDatabase();
    const dataDir = tempDir();
    const start = async () => {
      const child = spawnTs('server/main.ts', [], { RA_DATA_DIR: dataDir, RA_DATABASE_URL: url, RA_PORT: '0', RA_BOOTSTRAP_ADMIN: `${ADMIN.username}:${ADMIN.password}` });
      children.push(child);
      const serverUrl = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const match = /"url":"(http:\/\/[^"]+)"/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
      });
      return { child, api: apiClient(serverUrl) };
    };
    const first = await start();
    const admin = first.api.as(await loginAs(first.api, ADMIN.username, ADMIN.password));
    const company = (await admin.post('/api/companies', { name: 'Durable Co', reportEmail: 'd@d.example' })).body.id;
    await admin.post('/api/users', { username: 'ccd', displayName: 'CC D', role: 'callcenter', companyId: company, password: PASSWORD });
    const cc = first.api.as(await loginAs(first.api, 'ccd', PASSWORD));
    // The server process runs on the machine's real clock: the consultation date is taken from it.
    const yesterdayInSeoul = new Date(Date.now() - 15 * 3_600_000).toISOString().slice(0, 10);
    const acknowledged: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await cc.post('/api/cases', validIntake({ customerName: `Customer ${i}`, firstConsultationDate: yesterdayInSeoul }));
      expect(res.status).toBe(201);
      acknowledged.push(res.body.id);
    }
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    // Nothing of the store lives in the data directory: only the secrets do.
    expect(readdirSync(dataDir).sort()).toEqual(['data-key', 'jwt-secret']);

    const second = await start();
    const ccAgain = second.api.as(await loginAs(second.api, 'ccd', PASSWORD));
    const ids = ((await ccAgain.get('/api/cases?limit=100')).body as Array<{ id: number }>).map((c) => c.id).sort((x, y) => x - y);
    expect(ids).toEqual(acknowledged);
    expect((await verifyOffline(url)).code).toBe(0);
  });

  it('refuses to start a node whose RA_DATA_KEY differs from the one the database was started with', async () => {
    const url = await pg.createDatabase();
    const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
    const first = await serverOn(url, { env: { RA_DATA_KEY: key(1) } });
    const staff = await seedStaff(first);
    const { id } = await fileCase(staff.callcenterA, { siteCredentials: { userId: 'lee', password: 'kept-secret-1' } });
    await expect(startTestServer({ dataDir: tempDir(), env: { RA_DATABASE_URL: url, RA_DATA_KEY: key(2) } })).rejects.toThrow(/every node needs the same RA_DATA_KEY/);
    const second = await serverOn(url, { clock: first.clock, env: { RA_DATA_KEY: key(1) } });
    const engineer = second.api.as(await loginAs(second.api, 'eng1', PASSWORD));
    await engineer.post(`/api/cases/${id}/assign`);
    expect((await engineer.post(`/api/cases/${id}/credentials/reveal`, { reason: 'on the other node' })).body.password).toBe('kept-secret-1');
  });

  it('refuses to start on a database URL it cannot reach, naming the cause', async () => {
    const unreachable = `postgres://postgres@127.0.0.1:${pg.port}/no_such_database`;
    await expect(startTestServer({ dataDir: tempDir(), env: { RA_DATABASE_URL: unreachable } })).rejects.toThrow(/no_such_database/);
  });
});
