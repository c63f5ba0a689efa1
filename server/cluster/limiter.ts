import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import type { AttemptLimiter, AttemptOutcome, FailureLimiterOptions, LimitVerdict } from '../security/failureLimiter.js';
import { LuaScript } from './redis.js';

/**
 * An attempt begun on a node that died before it ended stops counting as in flight after this
 * long (a login's password check or a code's lookup takes milliseconds).
 */
const IN_FLIGHT_STALE_MS = 30_000;

/**
 * `FailureLimiter.begin` in one atomic step on the shared state: forgets a key idle past
 * `forgetAfterMs` (unless it is still blocked), refuses while blocked, refuses beyond the free
 * failures while another attempt is in flight, else records this attempt as in flight.
 * KEYS: state hash, in-flight set. ARGV: now, freeFailures, baseDelayMs, forgetAfterMs, staleMs, attempt.
 */
const BEGIN = new LuaScript(`
local now, free, base, forget, stale = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local s = redis.call('HMGET', KEYS[1], 'failures', 'last', 'blocked')
local failures, last, blocked = tonumber(s[1]) or 0, tonumber(s[2]) or 0, tonumber(s[3]) or 0
if failures > 0 and now - last > forget and blocked <= now then
  redis.call('DEL', KEYS[1])
  failures, blocked = 0, 0
end
if blocked > now then return {0, blocked - now} end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - stale)
local pending = redis.call('ZCARD', KEYS[2])
if pending > 0 and failures + pending >= free then return {0, base} end
redis.call('ZADD', KEYS[2], now, ARGV[6])
redis.call('PEXPIRE', KEYS[2], stale)
return {1, 0}
`);

/**
 * `FailureLimiter.end` / `recordFailure`: the attempt is no longer in flight; a failure counts
 * (the wait doubling past the free ones, up to the maximum), a success starts the key over.
 * KEYS: state hash, in-flight set. ARGV: now, outcome, freeFailures, baseDelayMs, maxDelayMs, forgetAfterMs, attempt ('' for none).
 */
const END = new LuaScript(`
if ARGV[7] ~= '' then redis.call('ZREM', KEYS[2], ARGV[7]) end
if ARGV[2] == 'success' then
  redis.call('DEL', KEYS[1])
  return 0
end
if ARGV[2] ~= 'failure' then return 0 end
local now, free, base, max, forget = tonumber(ARGV[1]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local s = redis.call('HMGET', KEYS[1], 'failures', 'last', 'blocked')
local failures, last, blocked = tonumber(s[1]) or 0, tonumber(s[2]) or 0, tonumber(s[3]) or 0
if failures > 0 and now - last > forget and blocked <= now then failures, blocked = 0, 0 end
failures = failures + 1
local beyond = failures - free
if beyond >= 0 then blocked = now + math.floor(math.min(max, base * (2 ^ beyond))) end
redis.call('HSET', KEYS[1], 'failures', failures, 'last', now, 'blocked', blocked)
redis.call('PEXPIRE', KEYS[1], forget + max)
return failures
`);

const BeginReply = z.tuple([z.number(), z.number()]);

/**
 * The failure limits shared by every node, in Redis: the same semantics as `FailureLimiter`
 * (free failures, doubling waits, forgetting, and the in-flight hold that stops a concurrent
 * burst), each step one Lua script, so that an attempt on one node and one on another are
 * counted as if on one. Time is the application's clock, passed in. When Redis cannot be asked,
 * `begin` refuses with `SERVICE_UNAVAILABLE` (fail closed); `end` only logs (the in-flight mark
 * then lapses by itself).
 */
export class RedisAttemptLimiter implements AttemptLimiter {
  /** This node's attempts in flight, per key: `end` takes one of them back. */
  private readonly mine = new Map<string, string[]>();

  constructor(
    private readonly deps: { redis: Redis; clock: Pick<Clock, 'now'>; logger: Logger; nodeId: string },
    private readonly name: string,
    private readonly options: FailureLimiterOptions,
  ) {}

  private keys(key: string): string[] {
    const base = `${this.name}:${key}`;
    return [base, `${base}:in-flight`];
  }

  async begin(key: string): Promise<LimitVerdict> {
    const attempt = `${this.deps.nodeId}:${randomUUID()}`;
    const { freeFailures, baseDelayMs, forgetAfterMs } = this.options;
    const reply = BeginReply.parse(await BEGIN.run(this.deps.redis, this.keys(key), [this.deps.clock.now(), freeFailures, baseDelayMs, forgetAfterMs, IN_FLIGHT_STALE_MS, attempt]));
    if (reply[0] !== 1) return { allowed: false, retryAfterMs: reply[1] };
    this.mine.set(key, [...(this.mine.get(key) ?? []), attempt]);
    return { allowed: true };
  }

  async end(key: string, outcome: AttemptOutcome): Promise<void> {
    const held = this.mine.get(key) ?? [];
    const attempt = held.shift() ?? '';
    if (held.length > 0) this.mine.set(key, held);
    else this.mine.delete(key);
    try {
      await this.record(key, outcome, attempt);
    } catch (error) {
      // The attempt happened; only its count is lost (and its in-flight mark lapses by itself).
      this.deps.logger.warn({ err: error, limiter: this.name, outcome }, 'could not record an attempt’s outcome in Redis');
    }
  }

  recordFailure(key: string): Promise<void> {
    return this.record(key, 'failure', '');
  }

  private async record(key: string, outcome: AttemptOutcome, attempt: string): Promise<void> {
    const { freeFailures, baseDelayMs, maxDelayMs, forgetAfterMs } = this.options;
    await END.run(this.deps.redis, this.keys(key), [this.deps.clock.now(), outcome, freeFailures, baseDelayMs, maxDelayMs, forgetAfterMs, attempt]);
  }
}
