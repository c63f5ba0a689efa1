import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { percentile } from '../server/stats/monthly.js';
import { connect } from './socketClient.js';

/**
 * The client side of bench/relay.ts, in its own process so the server's memory is measured
 * alone. Driven over IPC: `viewers` → connect the receiving side; `agents` → pair every
 * session, measuring pairing latency; `relay` → measure relay latency. Replies with results.
 */
export type Job =
  | { kind: 'bare'; url: string; sessions: number }
  | { kind: 'remote-assist'; url: string; engineerToken: string; sessions: Array<{ sessionId: number; code: string }>; consent: unknown; device: unknown };

const SIGNALS_PER_SESSION = 10;
const CONCURRENCY = 20;

/** `work` on every item, `size` at a time; the results in the items' order. */
async function inBatches<T, R>(items: T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => work(item, i + j)))));
  return results;
}

const summary = (v: number[]) => ({ p50: percentile(v, 50)!, p99: percentile(v, 99)!, n: v.length });

interface Pair {
  sender: Socket;
  receiver: Socket;
  payload: (id: string) => unknown;
}
let receivers: Array<{ socket: Socket; viewerId: string }> = [];
const pairs: Pair[] = [];

async function connectViewers(job: Job): Promise<void> {
  if (job.kind === 'bare') {
    receivers = await inBatches([...Array(job.sessions).keys()], 50, async (i) => ({ socket: await connect(job.url, { pair: `p${i}` }), viewerId: '' }));
    return;
  }
  receivers = await inBatches(job.sessions, 50, async ({ sessionId }) => {
    const socket = await connect(`${job.url}/staff`, { token: job.engineerToken });
    const watch = (await socket.emitWithAck('session:watch', { sessionId })) as { viewerId: string };
    return { socket, viewerId: watch.viewerId };
  });
}

async function pairAgents(job: Job): Promise<ReturnType<typeof summary>> {
  const pairing: number[] = [];
  const count = job.kind === 'bare' ? job.sessions : job.sessions.length;
  await inBatches([...Array(count).keys()], CONCURRENCY, async (i) => {
    const receiver = receivers[i]!;
    const t0 = performance.now();
    const first = new Promise((resolve) => receiver.socket.once('signal', resolve));
    if (job.kind === 'bare') {
      const sender = await connect(job.url, { pair: `p${i}` });
      await sender.emitWithAck('signal', { candidate: 'first' });
      await first;
      pairs.push({ sender, receiver: receiver.socket, payload: (candidate) => ({ candidate }) });
    } else {
      let joined!: Promise<unknown>;
      const agent = await connect(`${job.url}/agent`, { joinCode: job.sessions[i]!.code }, (s) => {
        joined = new Promise((resolve) => s.once('viewer:joined', resolve));
      });
      await agent.emitWithAck('agent:hello', { device: job.device, language: 'en', agentVersion: 'bench' });
      await agent.emitWithAck('agent:consent', job.consent);
      await joined;
      await agent.emitWithAck('signal', { to: receiver.viewerId, data: { type: 'offer', sdp: 'v=0' } });
      await first;
      pairs.push({ sender: agent, receiver: receiver.socket, payload: (candidate) => ({ to: receiver.viewerId, data: { type: 'candidate', candidate: { candidate, sdpMLineIndex: 0, sdpMid: '0' } } }) });
    }
    pairing.push(performance.now() - t0);
  });
  return summary(pairing);
}

async function relay(): Promise<ReturnType<typeof summary>> {
  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  for (const p of pairs) {
    p.receiver.on('signal', (msg: { data?: { candidate?: { candidate: string } }; candidate?: string }) => {
      const t = sentAt.get(msg.data?.candidate?.candidate ?? msg.candidate ?? '');
      if (t !== undefined) latencies.push(performance.now() - t);
    });
  }
  for (let round = 0; round < SIGNALS_PER_SESSION; round++) {
    await inBatches(pairs, 100, async (p, i) => {
      const id = `c${round}-${i}`;
      sentAt.set(id, performance.now());
      await p.sender.timeout(10_000).emitWithAck('signal', p.payload(id));
    });
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return summary(latencies);
}

let job: Job;
process.on('message', (message: { step: 'viewers' | 'agents' | 'relay'; job?: Job }) => {
  const run = async () => {
    if (message.job) job = message.job;
    if (message.step === 'viewers') return connectViewers(job);
    if (message.step === 'agents') return pairAgents(job);
    return relay();
  };
  run().then(
    (result) => process.send!({ step: message.step, result }),
    (error: unknown) => process.send!({ step: message.step, error: String(error) }),
  );
});
