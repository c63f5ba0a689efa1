import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../support/clock.js';
import { fileCase, loginAs, PASSWORD, seedStaff, type Staff } from '../support/fixtures.js';
import { runTs } from '../support/processes.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let staff: Staff;
const HOSTILE_COMPANY = '=HYPERLINK("http://x.example/steal","open")';
const HOSTILE_NAMES = ['@SUM(1)', '-1+2', '+cmd|calc'];
const HARMLESS_NAME = 'Park Min-jun';

beforeAll(async () => {
  server = await startTestServer({ clock: testClock() });
  staff = await seedStaff(server);
  const hostileCompany = (await staff.admin.post('/api/companies', { name: HOSTILE_COMPANY, reportEmail: 'x@x.example' })).body.id as number;
  const makeAndLogIn = async (username: string, displayName: string) => {
    expect((await staff.admin.post('/api/users', { username, displayName, role: 'callcenter', companyId: hostileCompany, password: PASSWORD })).status).toBe(201);
    return server.api.as(await loginAs(server.api, username, PASSWORD));
  };
  for (const [i, name] of HOSTILE_NAMES.entries()) await makeAndLogIn(`hostile${i}`, name);
  await fileCase(await makeAndLogIn('harmless', HARMLESS_NAME));
});
afterAll(async () => server.close());

const rowsOf = (csv: string) => parse<Record<string, string>>(csv, { bom: true, columns: true });

describe('exports opened in a spreadsheet run no formula', () => {
  it('neutralises hostile names in the audit log CSV and leaves harmless ones unchanged', async () => {
    const res = await staff.auditor.get('/api/audit/export?format=csv');
    expect(res.status).toBe(200);
    const names = new Set(rowsOf(res.text).map((r) => r['actor_name']));
    for (const name of HOSTILE_NAMES) {
      expect(names).toContain(`'${name}`);
      expect(names).not.toContain(name);
    }
    expect(names).toContain(HARMLESS_NAME);
  });

  it('neutralises a hostile company name in the statistics CSV and keeps the numbers as numbers', async () => {
    const res = await staff.auditor.get('/api/statistics/monthly?month=2026-11&format=csv');
    expect(res.status).toBe(200);
    const rows = rowsOf(res.text);
    const companies = new Set(rows.map((r) => r['company']));
    expect(companies).toContain(`'${HOSTILE_COMPANY}`);
    expect(companies).not.toContain(HOSTILE_COMPANY);
    expect(companies).toContain('Alpha Lectures');
    const received = rows.find((r) => r['scope'] === 'company' && r['company'] === `'${HOSTILE_COMPANY}` && r['metric'] === 'cases_received');
    expect(received?.['value']).toBe('1');
  });

  it('writes the same neutralised statistics from the command line', async () => {
    const result = await runTs('server/cli/statistics.ts', ['--month', '2026-11', '--format', 'csv', '--data-dir', server.dataDir]);
    expect(result.code).toBe(0);
    const companies = new Set(rowsOf(result.stdout).map((r) => r['company']));
    expect(companies).toContain(`'${HOSTILE_COMPANY}`);
    expect(companies).not.toContain(HOSTILE_COMPANY);
  });
});
