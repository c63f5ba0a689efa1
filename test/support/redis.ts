import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDaemon, tiedToThisProcess } from './daemon.js';

export interface TestRedis {
  url: string;
  port: number;
  /** The server's process id. */
  pid: number;
  /** Its working directory, removed by `stop`. */
  dir: string;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/**
 * A private redis-server (Debian's `redis-server`) for one test file: a free port on 127.0.0.1,
 * nothing persisted (`--save ''`, no append-only file), its working directory a fresh temp dir.
 */
export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'ra-redis-'));
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const [command, args] = tiedToThisProcess('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'notice']);
      const daemon = await startDaemon(command, args, /Ready to accept connections/);
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        pid: daemon.child.pid!,
        dir,
        stop: async () => {
          await daemon.stop('SIGTERM');
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      // Another process took the port between our probe and redis binding it: take another.
      if (attempt >= 3 || !/Address already in use/.test(String(error))) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}
