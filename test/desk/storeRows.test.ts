import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, startTestServer, type TestServer } from '../support/server.js';
import { fileCase, loginAs, PASSWORD, seedStaff, type Staff } from '../support/fixtures.js';

let server: TestServer;
let staff: Staff;
let restarted: TestServer | undefined;

beforeEach(async () => {
  server = await startTestServer();
  staff = await seedStaff(server);
});
afterEach(async () => {
  await restarted?.stop();
  restarted = undefined;
  await server.close();
});

/** Edits the SQLite file with the server stopped (as someone with the file could), then starts it again. */
async function editAndRestart(sql: string, ...params: unknown[]): Promise<TestServer> {
  await (restarted ?? server).stop();
  const db = new Database(join(server.dataDir, 'remote-assist.db'));
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update;');
  db.prepare(sql).run(...params);
  db.close();
  restarted = await startTestServer({ dataDir: server.dataDir, clock: server.clock });
  return restarted;
}

const as = async (s: TestServer, username: string, password = PASSWORD) => s.api.as(await loginAs(s.api, username, password));

/** The request failed as a bug of ours would, and the operational log names the broken row. */
function expectCorruptRow(s: TestServer, res: { status: number; body: any }, row: string): void {
  expect(res.status).toBe(500);
  expect(res.body.error.code).toBe('INTERNAL');
  expect(s.logs()).toContain(`Corrupt row in the store: ${row}`);
}

describe('JSON columns edited in the SQLite file', () => {
  it('a case’s stored request of another shape is a clear error, not a wrong value', async () => {
    const { id } = await fileCase(staff.callcenterA);
    const s = await editAndRestart(`UPDATE cases SET intake_json = json_set(intake_json, '$.customerName', 42) WHERE id = ?`, id);
    const engineer = await as(s, 'eng1');
    expectCorruptRow(s, await engineer.get(`/api/cases/${id}`), `cases.intake_json of ${id}`);
    expectCorruptRow(s, await engineer.get('/api/queue'), `cases.intake_json of ${id}`);
  });

  it('a case’s stored request that is not JSON is a clear error', async () => {
    const { id } = await fileCase(staff.callcenterA);
    const s = await editAndRestart(`UPDATE cases SET intake_json = '{"customerName":' WHERE id = ?`, id);
    expectCorruptRow(s, await (await as(s, 'eng1')).get(`/api/cases/${id}`), `cases.intake_json of ${id} is not JSON`);
  });

  it('a session’s device report or warnings of another shape are a clear error', async () => {
    const { id: caseId } = await fileCase(staff.callcenterA);
    await staff.engineer.post(`/api/cases/${caseId}/assign`);
    await staff.engineer.post(`/api/cases/${caseId}/contacts`, { reached: true, note: 'will read the code' });
    const sessionId = (await staff.engineer.post(`/api/cases/${caseId}/sessions`)).body.session.id as number;
    await staff.engineer.post(`/api/sessions/${sessionId}/end`);
    let s = await editAndRestart(`UPDATE sessions SET device_json = '{"platform":"beos"}' WHERE id = ?`, sessionId);
    expectCorruptRow(s, await (await as(s, 'eng1')).get(`/api/sessions/${sessionId}`), `sessions.device_json of ${sessionId}`);
    s = await editAndRestart(`UPDATE sessions SET device_json = NULL, warnings_sent = '"soon"' WHERE id = ?`, sessionId);
    expectCorruptRow(s, await (await as(s, 'eng1')).get(`/api/sessions/${sessionId}`), `sessions.warnings_sent of ${sessionId}`);
  });

  it('an audit entry’s actor of another shape fails the listing, and verification reports that entry as broken', async () => {
    const s = await editAndRestart(`UPDATE audit_log SET actor_json = '{"kind":"robot"}' WHERE seq = 2`);
    const auditor = await as(s, 'aud');
    expectCorruptRow(s, await auditor.get('/api/audit'), 'audit_log.actor_json of 2');
    const verified = await auditor.get('/api/audit/verify');
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: false, firstBrokenSeq: 2, checkedEntries: 1, problem: expect.stringContaining('audit_log.actor_json of 2') });
  });

  it('an outbox message’s attachments of another shape are a clear error', async () => {
    const s = await editAndRestart(
      `INSERT INTO outbox (kind, recipient, subject, html, text, attachments_json, status, next_attempt_at, created_at)
       VALUES ('report', 'r@alpha.example', 'Result report', '<p>x</p>', 'x', '{"filename":"a.json"}', 'sent', ?, ?)`,
      '2026-11-25T02:00:00.000Z',
      '2026-11-25T02:00:00.000Z',
    );
    expectCorruptRow(s, await (await as(s, ADMIN.username, ADMIN.password)).get('/api/outbox'), 'outbox.attachments_json of 1');
  });
});
