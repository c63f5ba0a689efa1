import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loginAs, PASSWORD, seedStaff, type Staff } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let staff: Staff;

beforeAll(async () => {
  server = await startTestServer({ env: { RA_BODY_LIMIT_KB: '16' } });
  staff = await seedStaff(server);
});
afterAll(async () => server.close());

describe('error responses', () => {
  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await staff.admin.raw('/api/companies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": "Acme",' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.' } });
  });

  it('answers an oversized body with 413', async () => {
    const res = await staff.admin.post('/api/companies', { name: 'Big', reportEmail: 'a@b.example', padding: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
    expect((res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an unknown API route with a JSON 404, authenticated or not', async () => {
    for (const res of [await server.api.get('/api/nothing-here'), await staff.admin.post('/api/cases/1/teleport', {}), await staff.admin.delete('/api/cases')]) {
      expect(res.status).toBe(404);
      expect((res.body).error.code).toBe('NOT_FOUND');
    }
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await staff.admin.raw('/api/companies', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'name=Acme' });
    expect(res.status).toBe(415);
  });

  it('refuses wrong types and unknown fields with field-level errors and changes nothing', async () => {
    const before = (await staff.admin.get('/api/companies')).body.length;
    const res = await staff.admin.post('/api/companies', { name: 42, reportEmail: 'not-an-email', owner: 'me' });
    expect(res.status).toBe(400);
    expect((res.body).error.fields).toMatchObject({ name: { code: 'INVALID' }, reportEmail: { code: 'INVALID' }, _: { code: 'UNKNOWN_FIELD' } });
    expect((await staff.admin.get('/api/companies')).body.length).toBe(before);
  });

  it('refuses a bad id in the path with a 400, not a crash', async () => {
    expect((await staff.engineer.get('/api/cases/abc')).status).toBe(400);
    expect((await staff.engineer.get('/api/cases/-1')).status).toBe(400);
    expect((await staff.engineer.get('/api/cases/99999')).status).toBe(404);
  });

  it('answers a broken percent-escape in any path with 400 VALIDATION_FAILED, not 500', async () => {
    const broken = '%E0%A4%A';
    const refused = [
      await staff.engineer.get(`/api/cases/${broken}`),
      await staff.engineer.get(`/api/cases/${broken}/sessions`),
      await staff.engineer.get(`/api/sessions/${broken}`),
      await staff.admin.get(`/api/companies/${broken}`),
      await staff.admin.delete(`/api/calendar/closures/${broken}`),
      await staff.auditor.get(`/api/cases/1/reports/${broken}`),
    ];
    for (const res of refused) {
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: { path: { code: 'INVALID' } } });
    }
    // The web app's deep links are not decoded as parameters: the app itself opens.
    expect((await server.api.get(`/cases/${broken}`)).status).toBeLessThan(500);
    expect(server.logs()).not.toContain('"errorCode":"INTERNAL"');
  });

  it('keeps serving after a barrage of bad input', async () => {
    const bad = ['null', '[]', '"x"', '{"__proto__": {"admin": true}}', '{"a":'.repeat(1000)];
    for (const body of bad) {
      const res = await staff.admin.raw('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect((await server.api.get('/api/health')).status).toBe(200);
  });

  it('logs one line per request, with the error code and without headers or body', async () => {
    const linesOf = () => server.logs().trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    const before = linesOf().length;
    await staff.admin.raw('/api/companies?probe=1', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    // The line is written when the response finishes, which may be a tick after we read it.
    await vi.waitFor(() => expect(linesOf().length).toBe(before + 1));
    const added = linesOf().slice(before);
    expect(added[0]).toMatchObject({ level: 40, errorCode: 'MALFORMED_JSON', req: { method: 'POST', url: '/api/companies?probe' }, res: { statusCode: 400 } });
    expect(added[0]!.req.headers).toBeUndefined();
    expect(server.logs()).not.toMatch(/Bearer [A-Za-z0-9]/);
    expect(server.logs()).not.toContain('staff-password-1');
  });

  it('logs the names of query parameters but never their values, so a token sent in a URL stays secret', async () => {
    const token = await loginAs(server.api, 'aud', PASSWORD);
    const sessionToken = 'f'.repeat(20) + '0123456789abcdef'.repeat(3);
    const joinCode = '481516234';
    const query = `token=${token}&access_token=${sessionToken}&code=${joinCode}`;
    const requests = [
      server.api.get(`/api/health?${query}`),
      server.api.get(`/api/audit?${query}`), // refused: no Authorization header
      staff.auditor.get(`/api/audit?limit=1&${query}`), // refused: unknown query parameters
      staff.auditor.get(`/api/no-such-route?${query}`),
      staff.auditor.get(`/api/cases/%E0%A4%A?${query}`),
      server.api.get(`/cases/42?${query}`), // the web app
      server.api.get(`/api/health?${token}`), // a bare token, as the whole query
    ];
    const before = server.logs().length;
    const statuses = (await Promise.all(requests)).map((r) => r.status);
    expect(statuses).toEqual([200, 401, 400, 404, 400, 200, 200]);
    await vi.waitFor(() => expect(server.logs().slice(before).trim().split('\n')).toHaveLength(requests.length));
    const added = server.logs().slice(before);
    for (const secret of [token, token.split('.')[1]!, sessionToken, joinCode]) expect(added).not.toContain(secret);
    const urls = added.trim().split('\n').map((l) => (JSON.parse(l) as { req: { url: string } }).req.url);
    expect(urls).toContain('/api/audit?limit&token&access_token&code');
    expect(urls).toContain('/cases/42?token&access_token&code');
    expect(urls).toContain('/api/health?[redacted]');
  });
});
