import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import { LuaScript } from './redis.js';

/**
 * Transport hygiene in real time, not business time (tests run the application on other clocks):
 * a node renews its liveness every HEARTBEAT_MS; one silent for LIVENESS_MS is dead.
 */
const HEARTBEAT_MS = 2_000;
const LIVENESS_MS = 10_000;

/**
 * KEYS: the set of nodes. ARGV: prefix, this node. Every member whose liveness key is gone is
 * taken out of the set — by exactly one node, the one that gets to remove it — and returned.
 */
const CLAIM_DEAD = new LuaScript(`
local dead = {}
for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if node ~= ARGV[2] and redis.call('EXISTS', ARGV[1] .. 'node:' .. node) == 0 then
    redis.call('SREM', KEYS[1], node)
    table.insert(dead, node)
  end
end
return dead
`);

export interface MembershipEvents {
  /** A node died (or left): hand over what it held. Called on exactly one of the live nodes. */
  lost(nodeId: string): Promise<void>;
  /**
   * This node had been taken for dead (it stalled past the liveness time, or Redis lost its
   * data): what it holds must be recorded again.
   */
  reasserted(): Promise<void>;
}

/**
 * The nodes of the cluster, in Redis: each renews a key with a time to live, so one that dies
 * stops counting within `LIVENESS_MS`, and each looks for the dead ones on every beat.
 */
export class Membership {
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> = Promise.resolve();
  private registered = false;

  constructor(
    private readonly deps: { redis: Redis; prefix: string; nodeId: string; logger: Logger },
    private readonly on: MembershipEvents,
  ) {}

  private get nodesKey(): string {
    return `${this.deps.prefix}nodes`;
  }

  private get liveKey(): string {
    return `${this.deps.prefix}node:${this.deps.nodeId}`;
  }

  /** Joins (the first beat, waited for) and keeps beating. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      // While Redis is away every beat fails; the Redis connection itself reports the outage.
      this.beating = this.beating.then(() => this.beat().catch((error: unknown) => this.deps.logger.debug({ err: error }, 'cluster heartbeat failed')));
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Stops beating and gives up the liveness key, so that the others take over at their next beat. */
  async leave(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
    await this.deps.redis.del(this.liveKey);
  }

  private async beat(): Promise<void> {
    const { redis, prefix, nodeId } = this.deps;
    const [[, wasAlive], , [, added]] = z
      .tuple([z.tuple([z.unknown(), z.number()]), z.tuple([z.unknown(), z.unknown()]), z.tuple([z.unknown(), z.number()])])
      .parse(await redis.multi().exists(this.liveKey).set(this.liveKey, '1', 'PX', LIVENESS_MS).sadd(this.nodesKey, nodeId).exec());
    // Registered before, yet found missing: the others took this node for dead and handed over
    // what it held. It is alive after all, so it records that again.
    if (this.registered && (wasAlive === 0 || added === 1)) {
      this.deps.logger.warn({ nodeId }, 'this node was taken for dead; recording its connections again');
      await this.on.reasserted();
    }
    this.registered = true;
    const dead = z.array(z.string()).parse(await CLAIM_DEAD.run(redis, [this.nodesKey], [prefix, nodeId]));
    for (const node of dead) {
      this.deps.logger.warn({ lostNode: node }, 'a node of the cluster is gone; handing over its sessions');
      try {
        await this.on.lost(node);
      } catch (error) {
        // Put back, so that the next beat (here or elsewhere) tries again.
        this.deps.logger.error({ err: error, lostNode: node }, 'handing over a lost node’s sessions failed; tried again at the next beat');
        await redis.sadd(this.nodesKey, node);
      }
    }
  }
}
