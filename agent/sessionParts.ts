import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import type { Clock } from '../shared/clock.js';
import type { SessionAction } from '../shared/protocol/actions.js';
import type { DisplayInfo } from '../shared/protocol/dataChannel.js';
import type { MinimumSpec } from '../shared/protocol/diagnosticResults.js';
import type { EndReason } from '../shared/protocol/session.js';
import type { ServerChannel } from './channel.js';
import type { UserFront } from './front.js';
import type { InputBackend } from './input/backend.js';
import type { LocalLog } from './localLog.js';
import type { CaptureBackend } from './video/capture.js';

/** Everything an agent session works with; built by the CLI, replaced by fakes nowhere. */
export interface AgentDeps {
  serverUrl: string;
  channel: ServerChannel;
  /** The user: the agent's windows, or the terminal. */
  front: UserFront;
  clock: Clock;
  log: LocalLog;
  capture: CaptureBackend;
  input: InputBackend | null;
  minimum: MinimumSpec;
  displays: DisplayInfo[];
  /** Minutes-left marks at which the agent warns by its own clock. */
  warningMinutes: readonly number[];
}

export const EXIT = { ok: 0, error: 1, usage: 2, joinRefused: 3, unreachable: 4, unsupported: 5, declined: 6 } as const;

/**
 * The exit code when the server ended the session before the user consented: only the user's own
 * "no" is a decline (6) and a refused device is 5; an end the user did not choose — the engineer
 * ending, the server's consent timer running out — is a normal end (0): nothing went wrong.
 */
export function exitAfterEndBeforeConsent(reason: EndReason): number {
  if (reason === 'user_declined') return EXIT.declined;
  if (reason === 'device_not_supported') return EXIT.unsupported;
  return EXIT.ok;
}

/** Resolves true when `work` settles in time, false after `ms`; rejects when `work` does. */
export function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([work.then(() => true), late]).finally(() => clearTimeout(timer));
}

/** Reports an action to the server's audit log (in order, kept until delivered) and writes it to the local log. */
export function reportAction(deps: Pick<AgentDeps, 'channel' | 'log'>, action: SessionAction): void {
  deps.log.write(`action ${action.kind}`, JSON.stringify({ ...action, ...(action.kind === 'diagnostic_run' ? { items: action.items.length } : {}) }));
  deps.channel.report(action);
}

/** Round trip to the server for the network check; null when it times out. */
export async function pingServer(channel: ServerChannel, seq: number): Promise<number | null> {
  const t0 = performance.now();
  try {
    await channel.request('agent:ping', { seq });
    return performance.now() - t0;
  } catch {
    // A ping that does not come back is exactly what the loss figure counts.
    return null;
  }
}

/**
 * Downloads bytes from the server with the session token, for the throughput check. Through
 * node:http rather than fetch: fetch turns TCP keep-alive on before connecting, which Wine's
 * sockets refuse ("connect UNKNOWN"), and the Windows build is tested under Wine.
 */
export async function downloadFromServer(serverUrl: string, token: string, bytes: number): Promise<{ bytes: number; ms: number }> {
  const t0 = performance.now();
  const url = new URL(`/api/agent/download?bytes=${bytes}`, serverUrl);
  const get = url.protocol === 'https:' ? httpsGet : httpGet;
  const received = await new Promise<number>((resolve, reject) => {
    get(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`download refused: ${res.statusCode}`));
      }
      let count = 0;
      res.on('data', (chunk: Buffer) => (count += chunk.length));
      res.on('end', () => resolve(count));
      res.on('error', reject);
    }).on('error', reject);
  });
  return { bytes: received, ms: performance.now() - t0 };
}
