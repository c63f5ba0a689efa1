import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ApiErrorBody } from '../../shared/errors.js';
import { CHECK_DOWNLOAD_MAX_BYTES, CheckPingResponse } from '../../shared/playbackCheck/endpoints.js';
import { CHECK_DOWNLOAD_BUDGET_BYTES, CHECK_PING_BUDGET } from '../../server/http/routes/check.js';
import type { TestClock } from '../support/clock.js';
import { liveServerPerTest, liveSession, type LiveFixture } from '../support/live.js';

let f: LiveFixture;
let clock: TestClock;
liveServerPerTest((fixture, c) => {
  f = fixture;
  clock = c;
});

const get = (path: string, token?: string) => f.server.api.as(token ?? null).get(path);
const bytes = (path: string, token: string) => f.server.api.as(token).bytes(path);

/** The project's error body with this code. */
function refused(res: { status: number; body: unknown }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(ApiErrorBody.parse(res.body).error.code).toBe(code);
}

describe('the playback check endpoints', () => {
  it("answer a ping with the server's time, for a running session's token, never cached", async () => {
    const { token } = await liveSession(f);
    const res = await get('/api/check/ping', token);
    expect(res.status).toBe(200);
    expect(CheckPingResponse.parse(res.body)).toEqual({ serverTimeMs: clock.now() });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('refuse a missing, malformed, unknown or staff token with SESSION_TOKEN_INVALID', async () => {
    await liveSession(f);
    for (const path of ['/api/check/ping', '/api/check/download?bytes=1000']) {
      refused(await get(path), 401, 'SESSION_TOKEN_INVALID');
      refused(await get(path, 'short'), 401, 'SESSION_TOKEN_INVALID');
      refused(await get(path, 'A'.repeat(43)), 401, 'SESSION_TOKEN_INVALID');
      refused(await get(path, f.engineerToken), 401, 'SESSION_TOKEN_INVALID');
    }
  });

  it('refuse a session before consent and after its end', async () => {
    const waiting = await liveSession(f, { consent: false });
    refused(await get('/api/check/ping', waiting.token), 409, 'SESSION_NOT_CONSENTED');
    refused(await get('/api/check/download?bytes=10', waiting.token), 409, 'SESSION_NOT_CONSENTED');
    await f.staff.engineer.post(`/api/sessions/${waiting.sessionId}/end`);
    refused(await get('/api/check/ping', waiting.token), 409, 'SESSION_ENDED');
  });

  it('download exactly the bytes asked for, incompressible and never cached', async () => {
    const { token } = await liveSession(f);
    const res = await bytes('/api/check/download?bytes=300000', token);
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(300_000);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(gzipSync(res.body).length).toBeGreaterThan(res.body.length * 0.95);
    expect((await bytes(`/api/check/download?bytes=${CHECK_DOWNLOAD_MAX_BYTES}`, token)).body.length).toBe(CHECK_DOWNLOAD_MAX_BYTES);
  });

  it('refuse an oversized, empty or malformed download size with the field that is wrong', async () => {
    const { token } = await liveSession(f);
    const tooBig = await get(`/api/check/download?bytes=${CHECK_DOWNLOAD_MAX_BYTES + 1}`, token);
    refused(tooBig, 400, 'VALIDATION_FAILED');
    expect(tooBig.body.error.fields).toEqual({ bytes: expect.objectContaining({ code: 'TOO_LONG' }) });
    for (const query of ['bytes=0', 'bytes=abc', 'bytes=1.5', '', 'bytes=10&extra=1']) {
      refused(await get(`/api/check/download?${query}`, token), 400, 'VALIDATION_FAILED');
    }
    expect(Object.keys((await get('/api/check/download', token)).body.error.fields)).toEqual(['bytes']);
  });

  it("bound one session's downloads in ten minutes, tell when to retry, and free them as the window passes", async () => {
    const first = await liveSession(f);
    const rounds = CHECK_DOWNLOAD_BUDGET_BYTES / CHECK_DOWNLOAD_MAX_BYTES;
    for (let i = 0; i < rounds; i++) expect((await bytes(`/api/check/download?bytes=${CHECK_DOWNLOAD_MAX_BYTES}`, first.token)).status).toBe(200);
    const limited = await get('/api/check/download?bytes=1', first.token);
    refused(limited, 429, 'RATE_LIMITED');
    expect(limited.headers.get('retry-after')).toBe('600');
    expect(limited.body.error.details).toEqual({ retryAfterSeconds: 600 });
    await clock.advance(10 * 60_000);
    expect((await bytes('/api/check/download?bytes=1', first.token)).status).toBe(200);
  });

  it("bound one session's pings", async () => {
    const { token } = await liveSession(f);
    for (let i = 0; i < CHECK_PING_BUDGET; i++) expect((await get('/api/check/ping', token)).status).toBe(200);
    refused(await get('/api/check/ping', token), 429, 'RATE_LIMITED');
  });

  it("leave the agent's own download as it was: the session token, only while the session runs", async () => {
    const waiting = await liveSession(f, { consent: false });
    refused(await get('/api/agent/download?bytes=10'), 401, 'SESSION_TOKEN_INVALID');
    refused(await get('/api/agent/download?bytes=10', waiting.token), 409, 'SESSION_NOT_CONSENTED');
    const running = await liveSession(f);
    expect((await bytes('/api/agent/download?bytes=1000', running.token)).body.length).toBe(1000);
  });
});
