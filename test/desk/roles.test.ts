import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api.js';
import { fileCase, seedStaff, validIntake, type Staff } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let staff: Staff;
let caseA: number;

beforeAll(async () => {
  server = await startTestServer();
  staff = await seedStaff(server);
  caseA = (await fileCase(staff.callcenterA)).id;
});
afterAll(async () => server.close());

type RoleName = 'admin' | 'engineer' | 'callcenter' | 'auditor';
const clientOf = (role: RoleName): ApiClient => ({ admin: staff.admin, engineer: staff.engineer, callcenter: staff.callcenterA, auditor: staff.auditor })[role];

/** Each call, and the roles allowed to make it; every other role must get 403. */
const MATRIX: Array<{ call: string; allowed: RoleName[]; run: (api: ApiClient) => Promise<{ status: number }> }> = [
  { call: 'GET /api/companies', allowed: ['admin', 'engineer', 'auditor'], run: (api) => api.get('/api/companies') },
  { call: 'POST /api/companies', allowed: ['admin'], run: (api) => api.post('/api/companies', { name: `Co ${Math.random()}`, reportEmail: 'a@b.example' }) },
  { call: 'GET /api/users', allowed: ['admin'], run: (api) => api.get('/api/users') },
  { call: 'POST /api/users', allowed: ['admin'], run: (api) => api.post('/api/users', { username: `u${Date.now()}${Math.floor(Math.random() * 1e6)}`, displayName: 'X', role: 'auditor', password: 'long-enough-pw' }) },
  { call: 'PATCH /api/users/:id', allowed: ['admin'], run: (api) => api.patch(`/api/users/${staff.ids.engineer2}`, { displayName: 'Renamed' }) },
  { call: 'POST /api/cases', allowed: ['callcenter'], run: (api) => api.post('/api/cases', validIntake()) },
  { call: 'GET /api/cases', allowed: ['admin', 'engineer', 'callcenter', 'auditor'], run: (api) => api.get('/api/cases') },
  { call: 'GET /api/cases/:id', allowed: ['admin', 'engineer', 'callcenter', 'auditor'], run: (api) => api.get(`/api/cases/${caseA}`) },
  { call: 'GET /api/queue', allowed: ['admin', 'engineer'], run: (api) => api.get('/api/queue') },
  { call: 'POST /api/cases/:id/assign', allowed: ['engineer'], run: (api) => api.post(`/api/cases/${caseA}/assign`) },
  { call: 'POST /api/cases/:id/contacts', allowed: ['engineer'], run: (api) => api.post(`/api/cases/${caseA}/contacts`, { reached: false }) },
  { call: 'GET /api/audit', allowed: ['admin', 'auditor'], run: (api) => api.get('/api/audit') },
  { call: 'GET /api/audit/verify', allowed: ['admin', 'auditor'], run: (api) => api.get('/api/audit/verify') },
  { call: 'GET /api/audit/export', allowed: ['admin', 'auditor'], run: (api) => api.get('/api/audit/export') },
  { call: 'POST /api/calendar/closures', allowed: ['admin'], run: (api) => api.post('/api/calendar/closures', { date: '2026-12-31', reason: 'Year-end' }) },
  { call: 'GET /api/calendar/closures', allowed: ['admin', 'engineer', 'callcenter', 'auditor'], run: (api) => api.get('/api/calendar/closures') },
  { call: 'GET template.xlsx', allowed: ['admin', 'callcenter'], run: (api) => api.get('/api/cases/import/template.xlsx') },
  { call: 'POST /api/cases/import', allowed: ['callcenter'], run: (api) => api.raw('/api/cases/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: '고객명 / Customer name\n' }) },
];

describe('role checks on every route', () => {
  for (const { call, allowed, run } of MATRIX) {
    for (const role of ['admin', 'engineer', 'callcenter', 'auditor'] as const) {
      const ok = allowed.includes(role);
      it(`${call}: ${role} is ${ok ? 'allowed' : 'refused with 403'}`, async () => {
        const res = await run(clientOf(role));
        if (ok) expect([200, 201, 204]).toContain(res.status);
        else expect(res.status).toBe(403);
      });
    }
  }

  it('records each refusal of an authenticated request in the audit log', async () => {
    const before = (await staff.auditor.get('/api/audit?action=request.refused&limit=1000')).body.entries.length as number;
    await staff.auditor.post('/api/companies', { name: 'Sneaky', reportEmail: 'x@y.example' });
    const after = (await staff.auditor.get('/api/audit?action=request.refused&limit=1000')).body.entries;
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ actor: { kind: 'user', role: 'auditor' }, details: { method: 'POST', path: '/api/companies', status: 403, code: 'FORBIDDEN' } });
  });
});

describe('call-center staff see only their own company', () => {
  it('lists only their company’s cases', async () => {
    await fileCase(staff.callcenterB);
    const mine = (await staff.callcenterA.get('/api/cases')).body as Array<{ company: { id: number } }>;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((c) => c.company.id === staff.companyA)).toBe(true);
    const all = (await staff.engineer.get('/api/cases')).body as Array<{ company: { id: number } }>;
    expect(new Set(all.map((c) => c.company.id))).toEqual(new Set([staff.companyA, staff.companyB]));
  });

  it('gets 404 for another company’s case and company, as if they did not exist', async () => {
    const res = await staff.callcenterB.get(`/api/cases/${caseA}`);
    expect(res.status).toBe(404);
    expect((await staff.callcenterB.get(`/api/companies/${staff.companyA}`)).status).toBe(404);
    expect((await staff.callcenterA.get(`/api/companies/${staff.companyA}`)).status).toBe(200);
    // A company filter in the query does not widen their view.
    const filtered = (await staff.callcenterB.get(`/api/cases?companyId=${staff.companyA}`)).body as Array<{ company: { id: number } }>;
    expect(filtered.every((c) => c.company.id === staff.companyB)).toBe(true);
  });
});
