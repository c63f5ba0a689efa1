import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import type { ServerOptions } from 'socket.io';
import type { Clock } from '../../shared/clock.js';
import { LocalPresence, type PresenceRegistry } from '../realtime/presence.js';
import { type AttemptLimiter, type FailureLimiterOptions, localLimiter } from '../security/failureLimiter.js';
import type { LostPresence } from '../sessions/ports.js';
import { RedisAttemptLimiter } from './limiter.js';
import { Membership } from './membership.js';
import { RedisPresence } from './presence.js';
import { adapterClient, commandClient } from './redis.js';

/** How often a node of several looks for timers set elsewhere (or left by a node that died). */
const TIMER_POLL_MS = 250;
/** How long a starting node waits for Redis before it gives up (and its supervisor starts it again). */
const REDIS_START_TIMEOUT_MS = 10_000;
const READY_PING_TIMEOUT_MS = 1_000;

export type RedisState = 'ok' | 'unreachable' | 'not_used';

export interface NodeEvents {
  /** A node died or left: what it held, to hand over to the session logic. */
  lost(nodeId: string, lost: LostPresence[]): Promise<void>;
  /** This node had been taken for dead: record what it holds again. */
  reasserted(): Promise<void>;
}

/**
 * What several nodes share besides the store — presence, socket.io's rooms, the failure limits,
 * the nodes' liveness — or its one-node stand-ins in memory. Chosen once, in the composition
 * root: `RA_REDIS_URL` set means several nodes.
 */
export interface Coordination {
  readonly nodeId: string;
  readonly presence: PresenceRegistry;
  /** socket.io's adapter across nodes; none on one node. */
  readonly adapter: ServerOptions['adapter'] | undefined;
  /** How often to look for timers other nodes set; null when this node sets every timer itself. */
  readonly timerPollMs: number | null;
  limiter(name: string, options: FailureLimiterOptions): AttemptLimiter;
  redisState(): Promise<RedisState>;
  /** Starts watching the other nodes (none on one node). */
  start(events: NodeEvents): Promise<void>;
  /** Gives up this node's place: the others hand over what it still held. */
  leave(): Promise<void>;
  close(): Promise<void>;
}

/** One node: everything in this process's memory, exactly as before there were several. */
export function singleNode(clock: Pick<Clock, 'now'>): Coordination {
  return {
    nodeId: `${hostname()}-${process.pid}`,
    presence: new LocalPresence(),
    adapter: undefined,
    timerPollMs: null,
    limiter: (_name, options) => localLimiter(options, clock),
    redisState: () => Promise.resolve('not_used'),
    start: () => Promise.resolve(),
    leave: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/**
 * A node of several, on one Redis. Every key, stream and channel is under `ra:<store id>:`, so
 * clusters on different databases never meet even on one Redis.
 */
export async function clusterNode(options: { redisUrl: string; storeId: string; clock: Pick<Clock, 'now'>; logger: Logger }): Promise<Coordination> {
  const { redisUrl, storeId, clock, logger } = options;
  const nodeId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const prefix = `ra:${storeId}:`;
  const log = logger.child({ component: 'cluster', nodeId });
  const commands = commandClient(redisUrl, `remote-assist-${nodeId}`, log);
  const streams = adapterClient(redisUrl, `remote-assist-${nodeId}-adapter`, log);
  try {
    await Promise.all([ready(commands), ready(streams)]);
  } catch (error) {
    commands.disconnect();
    streams.disconnect();
    throw new Error(`RA_REDIS_URL: Redis did not answer within ${REDIS_START_TIMEOUT_MS / 1000} s`, { cause: error });
  }
  const presence = new RedisPresence(commands, prefix, nodeId);
  let membership: Membership | null = null;
  return {
    nodeId,
    presence,
    adapter: createAdapter(streams, { streamName: `${prefix}socket.io`, channelPrefix: `${prefix}socket.io`, sessionKeyPrefix: `${prefix}sio:session:` }),
    timerPollMs: TIMER_POLL_MS,
    limiter: (name, limits) => new RedisAttemptLimiter({ redis: commands, clock, logger: log, nodeId }, `${prefix}limit:${name}`, limits),
    redisState: async () => {
      const answered = await Promise.race([commands.ping().then(() => true, () => false), new Promise<boolean>((resolve) => setTimeout(resolve, READY_PING_TIMEOUT_MS, false).unref())]);
      return answered ? 'ok' : 'unreachable';
    },
    start: async (events) => {
      membership = new Membership(
        { redis: commands, prefix, nodeId, logger: log },
        { lost: async (node) => events.lost(node, await presence.takeNode(node)), reasserted: () => events.reasserted() },
      );
      await membership.start();
    },
    leave: async () => {
      await membership?.leave().catch((error: unknown) => log.warn({ err: error }, 'could not give up this node’s place in Redis; the others notice it is gone when its liveness runs out'));
    },
    close: async () => {
      await Promise.all([commands.quit().catch(() => commands.disconnect()), streams.quit().catch(() => streams.disconnect())]);
    },
  };
}

/** Resolves once the connection is ready (failed attempts meanwhile are retried); rejects on timeout. */
function ready(redis: ReturnType<typeof commandClient>): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`still ${redis.status}`));
    }, REDIS_START_TIMEOUT_MS);
    redis.once('ready', onReady);
  });
}
