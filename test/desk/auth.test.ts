import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testClock, type TestClock } from '../support/clock.js';
import { loginAs, PASSWORD, seedStaff, type Staff } from '../support/fixtures.js';
import { ADMIN, startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let clock: TestClock;
let staff: Staff;

beforeEach(async () => {
  clock = testClock('2026-11-25T02:00:00Z');
  server = await startTestServer({ clock });
  staff = await seedStaff(server);
});
afterEach(async () => server.close());

describe('login and tokens', () => {
  it('logs in with the right password and returns an expiring token and the user', async () => {
    const res = await server.api.post('/api/auth/login', { username: 'eng1', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'eng1', role: 'engineer' });
    expect(res.body.user.passwordHash).toBeUndefined();
    expect(Date.parse(res.body.expiresAt)).toBe(clock.now() + 8 * 3_600_000 - (clock.now() % 1000));
    const me = await server.api.as(res.body.token).get('/api/auth/me');
    expect(me.body.username).toBe('eng1');
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const wrong = await server.api.post('/api/auth/login', { username: 'eng1', password: 'not-the-password' });
    const unknown = await server.api.post('/api/auth/login', { username: 'nobody', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('refuses requests without a token, with a malformed one, and after expiry', async () => {
    expect((await server.api.get('/api/cases')).body.error.code).toBe('UNAUTHENTICATED');
    expect((await server.api.as('garbage').get('/api/cases')).status).toBe(401);
    const token = await loginAs(server.api, 'eng1', PASSWORD);
    expect((await server.api.as(token).get('/api/queue')).status).toBe(200);
    await clock.advance(8 * 3_600_000 + 1000);
    const expired = await server.api.as(token).get('/api/queue');
    expect(expired.status).toBe(401);
  });

  it('limits failed logins per account, with Retry-After, and audits each failure', async () => {
    // Five failures are free; then the account waits, and the sixth try is refused unchecked.
    for (let i = 0; i < 5; i++) expect((await server.api.post('/api/auth/login', { username: 'eng1', password: 'wrong-password' })).status).toBe(401);
    const limited = await server.api.post('/api/auth/login', { username: 'eng1', password: 'wrong-password' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    // Even the right password is refused while the account waits: the limiter answers first.
    const blocked = await server.api.post('/api/auth/login', { username: 'eng1', password: PASSWORD });
    expect(blocked.status).toBe(429);
    await clock.advance(61_000);
    expect((await server.api.post('/api/auth/login', { username: 'eng1', password: PASSWORD })).status).toBe(200);
    const audit = await staff.auditor.get('/api/audit?action=auth.login_failed&limit=100');
    expect(audit.body.entries).toHaveLength(5);
    expect(audit.body.entries[0]).toMatchObject({ actor: { kind: 'anonymous', ip: '127.0.0.1' }, details: { username: 'eng1' } });
  });

  it('limits failed logins per address across accounts', async () => {
    for (let i = 0; i < 20; i++) await server.api.post('/api/auth/login', { username: `guess${i}`, password: 'wrong-password' });
    const limited = await server.api.post('/api/auth/login', { username: 'eng2', password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
  });

  it('invalidates the tokens of a disabled user at once, and of a user whose role changes', async () => {
    const engineerToken = await loginAs(server.api, 'eng2', PASSWORD);
    const disable = await staff.admin.patch(`/api/users/${staff.ids.engineer2}`, { disabled: true });
    expect(disable.body.disabled).toBe(true);
    expect((await server.api.as(engineerToken).get('/api/queue')).status).toBe(401);
    expect((await server.api.post('/api/auth/login', { username: 'eng2', password: PASSWORD })).status).toBe(401);

    const auditorToken = await loginAs(server.api, 'aud', PASSWORD);
    await staff.admin.patch(`/api/users/${staff.ids.auditor}`, { role: 'engineer' });
    expect((await server.api.as(auditorToken).get('/api/audit')).status).toBe(401);
  });

  it('keeps tokens valid across a display-name change', async () => {
    const token = await loginAs(server.api, 'eng1', PASSWORD);
    await staff.admin.patch(`/api/users/${staff.ids.engineer}`, { displayName: 'Park Engineer' });
    expect((await server.api.as(token).get('/api/auth/me')).body.displayName).toBe('Park Engineer');
  });

  it('will not disable or demote the last admin', async () => {
    const me = await staff.admin.get('/api/auth/me');
    const res = await staff.admin.patch(`/api/users/${me.body.id}`, { disabled: true });
    expect(res.status).toBe(409);
    expect((await server.api.post('/api/auth/login', ADMIN)).status).toBe(200);
  });
});
