import { startPostgres } from './postgres.js';
import { startRedis } from './redis.js';

/**
 * A stand-in for a test worker that dies without cleaning up (test/store/services.test.ts): starts
 * both services, prints their process ids and directories, and waits to be killed.
 */
const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
process.stdout.write(`${JSON.stringify({ postgres: pg.pid, redis: redis.pid, dirs: [pg.dir, redis.dir] })}\n`);
setInterval(() => undefined, 60_000);
