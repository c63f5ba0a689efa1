import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedStaff, type Staff } from '../support/fixtures.js';
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
    expect(added[0]).toMatchObject({ level: 40, errorCode: 'MALFORMED_JSON', req: { method: 'POST', url: '/api/companies?probe=1' }, res: { statusCode: 400 } });
    expect(added[0]!.req.headers).toBeUndefined();
    expect(server.logs()).not.toMatch(/Bearer [A-Za-z0-9]/);
    expect(server.logs()).not.toContain('staff-password-1');
  });
});
