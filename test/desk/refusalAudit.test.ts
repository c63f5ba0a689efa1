import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testClock, type TestClock } from '../support/clock.js';
import { PASSWORD, seedStaff, type Staff } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let clock: TestClock;
let staff: Staff;

beforeEach(async () => {
  clock = testClock();
  server = await startTestServer({ clock, env: { RA_BODY_LIMIT_KB: '16' } });
  staff = await seedStaff(server);
});
afterEach(async () => server.close());

async function auditEntries(action: string): Promise<Array<{ actor: Record<string, unknown>; details: Record<string, unknown> }>> {
  return (await staff.auditor.get(`/api/audit?action=${action}&limit=1000`)).body.entries;
}

describe('refusals of authenticated requests before their body is read', () => {
  const json = { 'content-type': 'application/json' };
  const cases = [
    { name: 'malformed JSON', send: () => staff.engineer.raw('/api/cases/7/contacts', { method: 'POST', headers: json, body: '{"reached": tru' }), method: 'POST', path: '/api/cases/7/contacts', status: 400, code: 'MALFORMED_JSON' },
    { name: 'a body over the limit', send: () => staff.admin.post('/api/companies', { name: 'Big', reportEmail: 'a@b.example', padding: 'x'.repeat(20_000) }), method: 'POST', path: '/api/companies', status: 413, code: 'PAYLOAD_TOO_LARGE' },
    { name: 'a body that is not JSON', send: () => staff.admin.raw('/api/companies', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'name=Acme' }), method: 'POST', path: '/api/companies', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    { name: 'an unknown route directly under /api', send: () => staff.engineer.get('/api/nothing-here'), method: 'GET', path: '/api/nothing-here', status: 404, code: 'NOT_FOUND' },
  ];

  for (const c of cases) {
    it(`records ${c.name} as one request.refused entry of the user who sent it`, async () => {
      const before = (await auditEntries('request.refused')).length;
      const res = await c.send();
      expect(res.status).toBe(c.status);
      expect(res.body.error.code).toBe(c.code);
      const added = (await auditEntries('request.refused')).slice(before);
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({ actor: { kind: 'user' }, details: { method: c.method, path: c.path, status: c.status, code: c.code } });
    });
  }

  it('names nobody for a request with an invalid token, and answers it as before', async () => {
    const before = (await auditEntries('request.refused')).length;
    const forged = server.api.as('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.forged');
    const res = await forged.raw('/api/companies', { method: 'POST', headers: json, body: '{oops' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'MALFORMED_JSON' } });
    expect((await forged.get('/api/nothing-here')).status).toBe(404);
    expect(await auditEntries('request.refused')).toHaveLength(before);
  });
});

describe('logins refused while a wait runs', () => {
  const failLogin = () => server.api.post('/api/auth/login', { username: 'eng1', password: 'wrong-password' });
  const total = (entries: Array<{ details: Record<string, unknown> }>) => entries.reduce((sum, e) => sum + Number(e.details['count']), 0);

  it('records a refusal with the address and the username but no password, once its minute is over', async () => {
    for (let i = 0; i < 5; i++) expect((await failLogin()).status).toBe(401);
    const refused = await server.api.post('/api/auth/login', { username: 'eng1', password: PASSWORD });
    expect(refused.status).toBe(429);
    expect(await auditEntries('auth.login_refused')).toEqual([]); // counted, not written on the request's path
    await clock.advance(60_000);
    await vi.waitFor(async () => expect(await auditEntries('auth.login_refused')).toHaveLength(1));
    const entries = await auditEntries('auth.login_refused');
    expect(entries[0]).toMatchObject({
      actor: { kind: 'anonymous', ip: '127.0.0.1' },
      details: { username: 'eng1', reason: 'rate_limited', scope: 'account', count: 1 },
    });
    expect(JSON.stringify(entries)).not.toContain(PASSWORD);
  });

  it('counts a storm of refusals into one entry a minute, so it cannot grow the log per attempt', async () => {
    for (let i = 0; i < 5; i++) await failLogin();
    const statuses = [];
    for (let i = 0; i < 25; i++) statuses.push((await failLogin()).status);
    expect(statuses.every((s) => s === 429)).toBe(true);
    await clock.advance(60_000);
    await vi.waitFor(async () => expect(await auditEntries('auth.login_refused')).toHaveLength(1));
    const [entry] = await auditEntries('auth.login_refused');
    // Every refusal is countable: the count is the number of 429 answers.
    expect(entry).toMatchObject({ details: { scope: 'account', count: 25 } });
  });

  it('records refusals of a waiting address with the usernames it tried', async () => {
    for (let i = 0; i < 20; i++) await server.api.post('/api/auth/login', { username: `guess${i}`, password: 'wrong-password' });
    for (const username of ['eng2', 'aud', 'admin', 'aud']) expect((await server.api.post('/api/auth/login', { username, password: 'x-wrong-x' })).status).toBe(429);
    await clock.advance(60_000);
    await vi.waitFor(async () => expect(total(await auditEntries('auth.login_refused'))).toBe(4));
    const entries = await auditEntries('auth.login_refused');
    expect(entries.map((e) => [e.details['username'], e.details['scope'], e.details['count']]).sort()).toEqual([['admin', 'address', 1], ['aud', 'address', 2], ['eng2', 'address', 1]]);
  });

  it('lets a burst of concurrent wrong logins have no more than the five free failures', async () => {
    const statuses = await Promise.all(Array.from({ length: 30 }, () => failLogin().then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
    await clock.advance(60_000);
    await vi.waitFor(async () => expect(total(await auditEntries('auth.login_refused'))).toBe(25));
    expect(await auditEntries('auth.login_failed')).toHaveLength(5);
  });
});
