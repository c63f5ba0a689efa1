import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiErrorBody } from '../../shared/errors.js';
import { contactedCase, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { spawnTs } from '../support/processes.js';
import { consentAnswer, next, windowsDevice } from '../support/realtime.js';

let f: LiveFixture | undefined;
const opened: Socket[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) s.disconnect();
  await f?.server.close();
  f = undefined;
});

/** socket.io-client as a plain client uses it: default transports, long-polling first, then the upgrade. */
function openDefault(url: string, namespace: '/agent' | '/staff', auth: Record<string, unknown>): { socket: Socket; firstTransport: string } {
  const socket = io(`${url}${namespace}`, { auth, forceNew: true, reconnection: false });
  opened.push(socket);
  return { socket, firstTransport: socket.io.engine.transport.name };
}

function connected(socket: Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Resolves once the socket's engine runs on WebSocket (it starts on long-polling). */
function upgraded(socket: Socket): Promise<string> {
  const engine = socket.io.engine;
  if (engine.transport.name === 'websocket') return Promise.resolve('websocket');
  return new Promise((resolve) => engine.once('upgrade', (transport: { name: string }) => resolve(transport.name)));
}

/** A WebSocket upgrade request by hand, answered with a status and a body when it is refused. */
function upgradeRequest(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/socket.io/?EIO=4&transport=websocket`, {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    req.once('upgrade', (_res, socket) => {
      socket.destroy();
      resolve({ status: 101, body: '' });
    });
    req.once('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once('error', reject);
    req.end();
  });
}

describe('the realtime transports', () => {
  it('carry a whole session on both namespaces with the default transports: long-polling, then the upgrade', async () => {
    f = await startLiveServer(undefined);
    const { sessionId, code } = await openSession(f, await contactedCase(f));
    const staffSide = openDefault(f.server.url, '/staff', { token: f.engineerToken });
    expect(staffSide.firstTransport).toBe('polling');
    const viewer = await connected(staffSide.socket);
    const watched = await viewer.timeout(5000).emitWithAck('session:watch', { sessionId });
    expect(watched).toMatchObject({ ok: true, role: 'owner' });

    const agentSide = openDefault(f.server.url, '/agent', { joinCode: code });
    expect(agentSide.firstTransport).toBe('polling');
    const agent = agentSide.socket;
    const welcome = await next(agent, 'session:welcome');
    expect(welcome).toMatchObject({ sessionId, status: 'waiting' });
    expect(await upgraded(agent)).toBe('websocket');
    expect(await upgraded(viewer)).toBe('websocket');

    expect(await agent.timeout(5000).emitWithAck('agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 'test' })).toMatchObject({ ok: true });
    const joined = next(agent, 'viewer:joined');
    expect(await agent.timeout(5000).emitWithAck('agent:consent', await consentAnswer('accept'))).toMatchObject({ ok: true });
    expect(await joined).toMatchObject({ viewerId: watched.viewerId, role: 'owner' });

    const atViewer = next(viewer, 'signal');
    expect(await agent.timeout(5000).emitWithAck('signal', { to: watched.viewerId, data: { type: 'offer', sdp: 'v=0 offer' } })).toEqual({ ok: true });
    expect(await atViewer).toEqual({ sessionId, data: { type: 'offer', sdp: 'v=0 offer' } });
    const atAgent = next(agent, 'signal');
    expect(await viewer.timeout(5000).emitWithAck('signal', { sessionId, data: { type: 'answer', sdp: 'v=0 answer' } })).toEqual({ ok: true });
    expect(await atAgent).toEqual({ from: watched.viewerId, data: { type: 'answer', sdp: 'v=0 answer' } });
  });

  it('survive a raw long-polling handshake followed by one POST: the server stays up and answers', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ra-transport-'));
    // A real server process: a crash here would end it, which an in-process server would hide.
    const child = spawnTs('server/main.ts', [], { RA_DATA_DIR: dataDir, RA_PORT: '0', RA_BOOTSTRAP_ADMIN: 'admin:admin-password-1', RA_LOG_LEVEL: 'info' });
    let exited: number | null | undefined;
    child.once('exit', (code) => (exited = code));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const listening = /"url":"(http:\/\/[^"]+)"/.exec(out);
          if (listening?.[1]) resolve(listening[1]);
        });
        child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
      });
      const handshake = await fetch(`${url}/socket.io/?EIO=4&transport=polling`);
      expect(handshake.status).toBe(200);
      const sid = (JSON.parse((await handshake.text()).slice(1)) as { sid: string }).sid;
      const post = await fetch(`${url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: '40/staff,{}', headers: { 'Content-Type': 'text/plain;charset=UTF-8' } });
      expect(post.status).toBe(200);
      expect(await post.text()).toBe('ok');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(exited).toBeUndefined();
      expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ ok: true });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (exited !== undefined ? resolve(undefined) : child.once('exit', resolve)));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuse a foreign origin on both transports with 403 and the API’s error body, logged as a refusal', async () => {
    f = await startLiveServer(undefined);
    const url = f.server.url;
    const polling = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: 'https://evil.example' } });
    expect(polling.status).toBe(403);
    expect(ApiErrorBody.parse(await polling.json()).error.code).toBe('ORIGIN_REFUSED');
    const websocket = await upgradeRequest(url, { Origin: 'https://evil.example' });
    expect(websocket.status).toBe(403);
    expect(ApiErrorBody.parse(JSON.parse(websocket.body)).error.code).toBe('ORIGIN_REFUSED');
    // The server's own origin is admitted on both.
    expect((await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: url } })).status).toBe(200);
    expect((await upgradeRequest(url, { Origin: url })).status).toBe(101);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);

    const lines = f.server.logs().trim().split('\n').map((l) => JSON.parse(l) as { level: number; msg: string; code?: string; errorCode?: string });
    expect(lines.filter((l) => l.code === 'ORIGIN_REFUSED')).toHaveLength(2);
    expect(lines.filter((l) => l.level >= 50 || l.errorCode === 'INTERNAL')).toEqual([]);
  });
});
