import { existsSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { startPostgres } from '../support/postgres.js';
import { spawnTs } from '../support/processes.js';
import { startRedis } from '../support/redis.js';

/** Whether a process runs (a zombie that nobody reaped does not). */
function running(pid: number): boolean {
  return existsSync(`/proc/${pid}/stat`) && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** Sends one inline command to Redis over a plain socket and returns the first reply line. */
function redisCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${command}\r\n`));
    socket.once('data', (d) => {
      resolve(d.toString().split('\r\n')[0] ?? '');
      socket.end();
    });
    socket.once('error', reject);
  });
}

describe('private database services for tests', () => {
  it('starts a PostgreSQL server of its own on a free port, hands out fresh databases, and removes it after', async () => {
    const started = performance.now();
    const pg = await startPostgres();
    const startMs = performance.now() - started;
    const a = await pg.createDatabase();
    const b = await pg.createDatabase();
    expect(a).not.toBe(b);
    await pg.sql(a, 'CREATE TABLE only_here (x int)');
    expect(await pg.sql(b, `SELECT to_regclass('only_here') AS t`)).toEqual([{ t: null }]);
    expect(await pg.sql(a, 'SHOW fsync')).toEqual([{ fsync: 'on' }]);
    expect(await pg.sql(a, 'SELECT current_user AS u')).toEqual([{ u: 'postgres' }]);
    await pg.stop();
    await expect(pg.sql(a, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
    console.log(`PostgreSQL ready in ${startMs.toFixed(0)} ms`);
  });

  it('starts a Redis server of its own on a free port that keeps nothing on disk, and stops it after', async () => {
    const started = performance.now();
    const redis = await startRedis();
    const startMs = performance.now() - started;
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await redisCommand(redis.port, 'PING')).toBe('+PONG');
    expect(await redisCommand(redis.port, 'CONFIG GET save')).toBe('*2');
    await redis.stop();
    await expect(redisCommand(redis.port, 'PING')).rejects.toThrow(/ECONNREFUSED/);
    console.log(`Redis ready in ${startMs.toFixed(0)} ms`);
  });

  it('leaves no server behind when the test process that started them is killed', async () => {
    const holder = spawnTs('test/support/holdServices.ts');
    const pids = await new Promise<{ postgres: number; redis: number; dirs: string[] }>((resolve, reject) => {
      let out = '';
      holder.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(JSON.parse(out) as { postgres: number; redis: number; dirs: string[] });
      });
      holder.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
    });
    expect(running(pids.postgres) && running(pids.redis)).toBe(true);
    holder.kill('SIGKILL');
    await vi.waitFor(() => expect([running(pids.postgres), running(pids.redis)]).toEqual([false, false]), { timeout: 10_000 });
    // What the killed process could not do: remove their directories.
    for (const dir of pids.dirs) rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
