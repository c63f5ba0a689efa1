import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { SESSION_CONSENT, sha256Hex } from '../shared/consent.js';
import { relayClients } from './relayChild.js';
import { benchServer, benchStaff, openBenchSession } from './support.js';
import type { Job } from './relayClients.js';

/**
 * Live-session signaling on loopback: pairing latency (join code → device check → consent →
 * first relayed signal), relay latency with N concurrent paired sessions, and the server's heap
 * per connected agent — for RemoteAssist and, as the baseline, a bare socket.io relay with no
 * logic, both served from this process and measured in one run. The clients run in a child
 * process (bench/relayClients.ts) so the heap is the server's alone.
 * `npm run bench:relay [-- N]` (default 1000).
 */
const SESSIONS = Number(process.argv[2] ?? 1000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc (npm run bench:relay does)');

function heapMb(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

interface Measured {
  pairing: { p50: number; p99: number; n: number };
  relay: { p50: number; p99: number; n: number };
  heapPerAgentKb: number;
}

async function measure(job: Job): Promise<Measured> {
  const c = relayClients();
  await c.step('viewers', job);
  const before = heapMb();
  const pairing = await c.step<Measured['pairing']>('agents');
  const after = heapMb();
  const relay = await c.step<Measured['relay']>('relay');
  c.child.kill();
  return { pairing, relay, heapPerAgentKb: ((after - before) * 1024) / SESSIONS };
}

async function bare(): Promise<Measured> {
  const http = createServer();
  const io = new Server(http, { serveClient: false, maxHttpBufferSize: 128 * 1024 });
  io.on('connection', (socket) => {
    const pair = String(socket.handshake.auth['pair'] ?? '');
    void socket.join(pair);
    socket.on('signal', (payload: unknown, ack: unknown) => {
      socket.to(pair).emit('signal', payload);
      if (typeof ack === 'function') (ack as (r: { ok: true }) => void)({ ok: true });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const result = await measure({ kind: 'bare', url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, sessions: SESSIONS });
  await io.close();
  return result;
}

async function remoteAssist(): Promise<Measured> {
  const bench = await benchServer({ RA_SESSION_DEFAULT_MINUTES: '600', RA_SESSION_MAX_MINUTES: '600' });
  const { url } = bench;
  const staff = await benchStaff(url);
  const sessions: Array<{ sessionId: number; code: string }> = [];
  for (let i = 0; i < SESSIONS; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, SESSIONS - i) }, async () => sessions.push(await openBenchSession(url, staff))),
    );
  }
  const consent = { decision: 'accept', textVersion: SESSION_CONSENT.version, textSha256: await sha256Hex(SESSION_CONSENT.en), language: 'en', typedName: 'Bench User', allowObservers: false };
  const device = {
    platform: 'windows', osName: 'Microsoft Windows 10 Pro', osRelease: '10.0.19045', osEdition: 'Professional', arch: 'x64', hostname: 'BENCH',
    cpu: { brand: 'x', cores: 4, speedGHz: 3 }, memoryBytes: 8e9, gpus: [], disks: [], displays: [{ id: '0', width: 1920, height: 1080, primary: true }],
  };
  const result = await measure({ kind: 'remote-assist', url, engineerToken: staff.engineer, sessions, consent, device });
  await bench.dispose();
  return result;
}

const base = await bare();
const full = await remoteAssist();
const fmt = (x: { p50: number; p99: number; n: number }) => `p50 ${x.p50.toFixed(2)} ms  p99 ${x.p99.toFixed(2)} ms  (n=${x.n})`;
console.log(`signaling on loopback, ${SESSIONS} concurrent paired sessions`);
console.log(`pairing  bare socket.io relay : ${fmt(base.pairing)}   (connect → first relayed signal)`);
console.log(`pairing  RemoteAssist         : ${fmt(full.pairing)}   (join code → device check → consent → first relayed signal)`);
console.log(`relay    bare socket.io relay : ${fmt(base.relay)}`);
console.log(`relay    RemoteAssist         : ${fmt(full.relay)}`);
console.log(`ratio RemoteAssist / bare: pairing p50 ×${(full.pairing.p50 / base.pairing.p50).toFixed(1)}, relay p50 ×${(full.relay.p50 / base.relay.p50).toFixed(2)}, relay p99 ×${(full.relay.p99 / base.relay.p99).toFixed(2)}`);
console.log(`server heap per connected agent (after GC): bare ${base.heapPerAgentKb.toFixed(1)} KB, RemoteAssist ${full.heapPerAgentKb.toFixed(1)} KB`);
process.exit(0);
