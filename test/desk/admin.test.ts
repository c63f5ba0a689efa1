import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileCase, seedStaff, type Staff } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let staff: Staff;

beforeAll(async () => {
  server = await startTestServer();
  staff = await seedStaff(server);
});
afterAll(async () => server.close());

describe('admin: customer companies', () => {
  it('creates, reads, updates and deletes an unused company, auditing each change', async () => {
    const created = await staff.admin.post('/api/companies', { name: 'Gamma Edu', reportEmail: 'cs@gamma.example' });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    expect((await staff.admin.get(`/api/companies/${id}`)).body.name).toBe('Gamma Edu');
    const updated = await staff.admin.patch(`/api/companies/${id}`, { reportEmail: 'reports@gamma.example' });
    expect(updated.body).toMatchObject({ name: 'Gamma Edu', reportEmail: 'reports@gamma.example' });
    expect((await staff.admin.delete(`/api/companies/${id}`)).status).toBe(204);
    expect((await staff.admin.get(`/api/companies/${id}`)).status).toBe(404);
    const actions = (await staff.auditor.get('/api/audit?limit=1000')).body.entries
      .filter((e: { details: { companyId?: number } }) => e.details.companyId === id)
      .map((e: { action: string }) => e.action);
    expect(actions).toEqual(['company.created', 'company.updated', 'company.deleted']);
  });

  it('refuses a duplicate name, an empty update and deleting a company with users or cases', async () => {
    expect((await staff.admin.post('/api/companies', { name: 'alpha lectures', reportEmail: 'x@y.example' })).status).toBe(409);
    expect((await staff.admin.patch(`/api/companies/${staff.companyA}`, {})).status).toBe(400);
    await fileCase(staff.callcenterA);
    const refused = await staff.admin.delete(`/api/companies/${staff.companyA}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ users: 1 });
  });
});

describe('admin: users', () => {
  it('refuses call-center staff without a company, a company for other roles, and a taken username', async () => {
    const noCompany = await staff.admin.post('/api/users', { username: 'cc9', displayName: 'CC', role: 'callcenter', password: 'long-password-1' });
    expect(noCompany.body.error.fields.companyId.code).toBe('INVALID');
    const engineerWithCompany = await staff.admin.post('/api/users', { username: 'e9', displayName: 'E', role: 'engineer', companyId: staff.companyA, password: 'long-password-1' });
    expect(engineerWithCompany.status).toBe(400);
    const taken = await staff.admin.post('/api/users', { username: 'eng1', displayName: 'E', role: 'engineer', password: 'long-password-1' });
    expect(taken.status).toBe(409);
    const shortPassword = await staff.admin.post('/api/users', { username: 'e10', displayName: 'E', role: 'engineer', password: 'short' });
    expect(shortPassword.body.error.fields.password.code).toBe('TOO_SHORT');
    const unknownCompany = await staff.admin.post('/api/users', { username: 'cc10', displayName: 'CC', role: 'callcenter', companyId: 999, password: 'long-password-1' });
    expect(unknownCompany.body.error.fields.companyId.code).toBe('INVALID');
  });

  it('lists users without password hashes and moves a user between roles consistently', async () => {
    const list = await staff.admin.get('/api/users');
    expect(list.text).not.toContain('scrypt$');
    expect(list.body.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['admin', 'eng1', 'cca', 'aud']));
    const toCallcenter = await staff.admin.patch(`/api/users/${staff.ids.engineer2}`, { role: 'callcenter' });
    expect(toCallcenter.status).toBe(400);
    const moved = await staff.admin.patch(`/api/users/${staff.ids.engineer2}`, { role: 'callcenter', companyId: staff.companyB });
    expect(moved.body).toMatchObject({ role: 'callcenter', companyId: staff.companyB });
    const back = await staff.admin.patch(`/api/users/${staff.ids.engineer2}`, { role: 'engineer' });
    expect(back.body).toMatchObject({ role: 'engineer', companyId: null });
  });

  it('resets a password: the old one and old tokens stop working', async () => {
    const res = await staff.admin.patch(`/api/users/${staff.ids.callcenterB}`, { password: 'brand-new-password' });
    expect(res.status).toBe(200);
    expect((await staff.callcenterB.get('/api/cases')).status).toBe(401);
    expect((await server.api.post('/api/auth/login', { username: 'ccb', password: 'staff-password-1' })).status).toBe(401);
    expect((await server.api.post('/api/auth/login', { username: 'ccb', password: 'brand-new-password' })).status).toBe(200);
    const entry = (await staff.auditor.get('/api/audit?action=user.updated&limit=1000')).body.entries.at(-1);
    expect(entry.details).toMatchObject({ changed: ['password'], tokensInvalidated: true });
    expect(JSON.stringify(entry)).not.toContain('brand-new-password');
  });
});
