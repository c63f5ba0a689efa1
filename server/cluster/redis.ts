import { createHash } from 'node:crypto';
import { Redis, ReplyError } from 'ioredis';
import type { Logger } from 'pino';
import { AppError } from '../../shared/errors.js';

/** How long one Redis command may take before it counts as "Redis unreachable". */
const COMMAND_TIMEOUT_MS = 1_000;

/**
 * A connection for the commands whose answer a request waits for (limits, presence, readiness):
 * while Redis is away they fail at once — no queue of commands that would answer minutes later —
 * and one that hangs fails after a second. It reconnects by itself, every second or two.
 */
export function commandClient(url: string, name: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    enableOfflineQueue: false,
    commandTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
  });
  reportState(redis, name, logger);
  return redis;
}

/**
 * A connection for socket.io's adapter, which reads its stream with blocking commands: no
 * command timeout, and what is sent while Redis is away waits for it to come back.
 */
export function adapterClient(url: string, name: string, logger: Logger): Redis {
  const redis = new Redis(url, { connectionName: name, retryStrategy: (attempt) => Math.min(attempt * 250, 2_000) });
  reportState(redis, name, logger);
  return redis;
}

/** Logs the losing and the regaining of Redis once each, not every failed reconnection. */
function reportState(redis: Redis, name: string, logger: Logger): void {
  let lost = false;
  redis.on('ready', () => {
    if (lost) logger.info({ connection: name }, 'Redis reachable again');
    lost = false;
  });
  redis.on('error', (error) => {
    if (!lost) logger.error({ err: error, connection: name }, 'Redis unreachable; logins and joins are refused until it is back');
    lost = true;
  });
}

/** Redis could not answer: the request is refused, as the docs promise (docs/api.md, `SERVICE_UNAVAILABLE`). */
export function redisUnavailable(error: unknown): AppError {
  return new AppError('SERVICE_UNAVAILABLE', 'The server cannot reach the service it shares with the other servers; try again in a moment.', {
    details: { dependency: 'redis' },
    cause: error,
  });
}

/** The text of an error Redis itself answered (not one of the connection), else null. */
function replyText(error: unknown): string | null {
  return error instanceof ReplyError && error instanceof Error ? error.message : null;
}

/** A Lua script run by its hash, sent once per connection (and again after Redis restarted). */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  /** Runs it; any failure to get an answer is `SERVICE_UNAVAILABLE`. */
  async run(redis: Redis, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      try {
        return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
      } catch (error: unknown) {
        if (!replyText(error)?.startsWith('NOSCRIPT')) throw error;
        return await redis.eval(this.lua, keys.length, ...keys, ...args);
      }
    } catch (error) {
      // A script's own error is a bug to see as one; anything else means Redis did not answer.
      if (/^(ERR|WRONGTYPE)/.test(replyText(error) ?? '')) throw error;
      throw redisUnavailable(error);
    }
  }
}
