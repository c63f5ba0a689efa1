import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.js';
import { fileCase, loginAs, seedStaff, validIntake } from '../support/fixtures.js';
import { spawnTs } from '../support/processes.js';
import { ADMIN, startTestServer } from '../support/server.js';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ra-durable-'));
  dirs.push(dir);
  return dir;
}

/** The real server process (`npm start`), on a free port. */
async function startProcess(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawnTs('server/main.ts', [], { RA_DATA_DIR: dataDir, RA_PORT: '0', RA_BOOTSTRAP_ADMIN: `${ADMIN.username}:${ADMIN.password}` });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { child, url };
}

describe('durability', () => {
  it('loses nothing across a restart with the same data directory', async () => {
    const dataDir = tempDir();
    const first = await startTestServer({ dataDir });
    const staff = await seedStaff(first);
    const { id } = await fileCase(staff.callcenterA, { siteCredentials: { userId: 'u1', password: 'kept-secret-1' } });
    await staff.engineer.post(`/api/cases/${id}/assign`);
    const before = (await staff.auditor.get('/api/audit/verify')).body;
    await first.stop();

    const second = await startTestServer({ dataDir, clock: first.clock });
    const engineer = second.api.as(await loginAs(second.api, 'eng1', 'staff-password-1'));
    expect((await engineer.get(`/api/cases/${id}`)).body).toMatchObject({ id, assignee: { displayName: 'eng1 name' }, hasSiteCredentials: true });
    // The encryption key was kept in the data directory, so the credentials still open.
    expect((await engineer.post(`/api/cases/${id}/credentials/reveal`, { reason: 'after restart check' })).body.password).toBe('kept-secret-1');
    const auditor = second.api.as(await loginAs(second.api, 'aud', 'staff-password-1'));
    const after = (await auditor.get('/api/audit/verify')).body;
    expect(after.ok).toBe(true);
    expect(after.checkedEntries).toBeGreaterThan(before.checkedEntries);
    await second.stop();
  });

  it('keeps every acknowledged write when the process is killed with SIGKILL', async () => {
    const dataDir = tempDir();
    const { child, url } = await startProcess(dataDir);
    const api = apiClient(url);
    const admin = api.as(await loginAs(api, ADMIN.username, ADMIN.password));
    const company = (await admin.post('/api/companies', { name: 'Durable Co', reportEmail: 'd@d.example' })).body.id;
    await admin.post('/api/users', { username: 'ccd', displayName: 'CC D', role: 'callcenter', companyId: company, password: 'staff-password-1' });
    const cc = api.as(await loginAs(api, 'ccd', 'staff-password-1'));
    const acknowledged: number[] = [];
    // The server process runs on the machine's real clock: the consultation date is taken from it.
    const yesterdayInSeoul = new Date(Date.now() - 15 * 3_600_000).toISOString().slice(0, 10);
    for (let i = 0; i < 20; i++) {
      const res = await cc.post('/api/cases', validIntake({ customerName: `Customer ${i}`, firstConsultationDate: yesterdayInSeoul }));
      expect(res.status).toBe(201);
      acknowledged.push(res.body.id);
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const restarted = await startProcess(dataDir);
    const again = apiClient(restarted.url);
    const ccAgain = again.as(await loginAs(again, 'ccd', 'staff-password-1'));
    const ids = ((await ccAgain.get('/api/cases?limit=100')).body as Array<{ id: number }>).map((c) => c.id).sort((a, b) => a - b);
    expect(ids).toEqual(acknowledged);
    const adminAgain = again.as(await loginAs(again, ADMIN.username, ADMIN.password));
    expect((await adminAgain.get('/api/audit/verify')).body.ok).toBe(true);
  });
});
