import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileCase, seedStaff, type Staff } from '../support/fixtures.js';
import { runTs } from '../support/processes.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let staff: Staff;

beforeEach(async () => {
  server = await startTestServer();
  staff = await seedStaff(server);
  const { id } = await fileCase(staff.callcenterA);
  await staff.engineer.post(`/api/cases/${id}/assign`);
  await staff.engineer.post(`/api/cases/${id}/contacts`, { reached: true, note: 'called' });
});
afterEach(async () => server.close());

/** What an attacker with the SQLite file can do: the triggers are no obstacle to them. */
async function tamper(sql: string): Promise<void> {
  await server.stop();
  const db = new Database(join(server.dataDir, 'remote-assist.db'));
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  db.exec(sql);
  db.close();
}

async function verifyOffline() {
  const result = await runTs('server/cli/verifyAudit.ts', ['--data-dir', server.dataDir, '--json']);
  return { code: result.code, report: JSON.parse(result.stdout) as { ok: boolean; firstBrokenSeq: number | null } };
}

async function verifyOnline() {
  const restarted = await startTestServer({ dataDir: server.dataDir, clock: server.clock });
  try {
    const admin = restarted.api.as((await restarted.api.post('/api/auth/login', { username: 'aud', password: 'staff-password-1' })).body.token);
    return (await admin.get('/api/audit/verify')).body as { ok: boolean; firstBrokenSeq: number | null };
  } finally {
    await restarted.stop();
  }
}

describe('the audit log', () => {
  it('records every mutation with actor, subject and a hash chain that verifies', async () => {
    const page = await staff.auditor.get('/api/audit?limit=1000');
    const actions = page.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.bootstrapped', 'company.created', 'user.created', 'auth.login', 'case.filed', 'case.assigned', 'case.contact_logged']));
    const entries = page.body.entries as Array<{ seq: number; prevHash: string; hash: string }>;
    entries.forEach((e, i) => {
      expect(e.seq).toBe(i + 1);
      if (i > 0) expect(e.prevHash).toBe(entries[i - 1]!.hash);
    });
    expect((await staff.auditor.get('/api/audit/verify')).body).toMatchObject({ ok: true, firstBrokenSeq: null, checkedEntries: entries.length });
  });

  it('filters by case, actor, action and time, and pages by sequence', async () => {
    const byAction = await staff.auditor.get('/api/audit?action=case.filed');
    expect(byAction.body.entries).toHaveLength(1);
    const caseId = byAction.body.entries[0].caseId;
    expect((await staff.auditor.get(`/api/audit?caseId=${caseId}`)).body.entries.map((e: { action: string }) => e.action)).toEqual([
      'case.filed', 'case.assigned', 'case.contact_logged',
    ]);
    const byActor = await staff.auditor.get(`/api/audit?actorUserId=${staff.ids.engineer}`);
    expect(byActor.body.entries.every((e: { actor: { userId: number } }) => e.actor.userId === staff.ids.engineer)).toBe(true);
    expect((await staff.auditor.get('/api/audit?from=2100-01-01T00:00:00Z')).body.entries).toEqual([]);
    const first = await staff.auditor.get('/api/audit?limit=3');
    expect(first.body.entries).toHaveLength(3);
    const second = await staff.auditor.get(`/api/audit?limit=3&afterSeq=${first.body.nextAfterSeq}`);
    expect(second.body.entries[0].seq).toBe(4);
    expect((await staff.auditor.get('/api/audit?limit=0')).status).toBe(400);
  });

  it('exports JSON Lines and records the export itself', async () => {
    const res = await staff.auditor.get('/api/audit/export');
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = res.text.trim().split('\n').map((l) => JSON.parse(l) as { action: string; actor: { role?: string } });
    expect(lines.at(-1)).toMatchObject({ action: 'audit.exported', actor: { role: 'auditor' } });
  });

  it('cannot be changed through the application: the table is append-only', () => {
    const db = new Database(join(server.dataDir, 'remote-assist.db'));
    expect(() => db.exec('UPDATE audit_log SET action = 1 WHERE seq = 1')).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit_log WHERE seq = 1')).toThrow(/append-only/);
    db.close();
  });

  it('detects an entry edited in the SQLite file, online and offline', async () => {
    await tamper(`UPDATE audit_log SET details_json = '{"reached":false}' WHERE action = 'case.contact_logged'`);
    const offline = await verifyOffline();
    expect(offline.code).toBe(1);
    const online = await verifyOnline();
    expect(online.ok).toBe(false);
    expect(online.firstBrokenSeq).toBe(offline.report.firstBrokenSeq);
    const editedSeq = new Database(join(server.dataDir, 'remote-assist.db'), { readonly: true })
      .prepare(`SELECT seq FROM audit_log WHERE action = 'case.contact_logged'`)
      .pluck()
      .get();
    expect(offline.report.firstBrokenSeq).toBe(editedSeq);
  });

  it('detects a deleted entry', async () => {
    await tamper('DELETE FROM audit_log WHERE seq = 4');
    expect((await verifyOffline()).report).toMatchObject({ ok: false, firstBrokenSeq: 4 });
    expect(await verifyOnline()).toMatchObject({ ok: false, firstBrokenSeq: 4 });
  });

  it('detects reordered entries', async () => {
    await tamper('UPDATE audit_log SET seq = -1 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = -1;');
    expect((await verifyOffline()).report).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });

  it('detects entries deleted from the end', async () => {
    await tamper('DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)');
    const { code, report } = await verifyOffline();
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
  });

  it('the offline check passes on an untouched data directory', async () => {
    await server.stop();
    const { code, report } = await verifyOffline();
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
  });
});
