import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Clock } from '../../shared/clock.js';
import { createApp, type RunningApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { apiClient, type ApiClient } from './api.js';
import { flowingClock } from './clock.js';

export const ADMIN = { username: 'admin', password: 'admin-password-1' };

export interface TestServer {
  url: string;
  app: RunningApp;
  /** The server's clock: what a browser on this server must see as "now". */
  clock: Clock;
  dataDir: string;
  api: ApiClient;
  /** Everything the server logged so far, as one string of JSON lines. */
  logs(): string;
  /** Stops the server; keeps the data directory (for restart tests) unless `remove`. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** The server's clock; by default real time flowing from the fixed test base instant. */
  clock?: Clock;
  dataDir?: string;
  env?: Record<string, string>;
}

/** A real server on 127.0.0.1, port 0, with a real SQLite file in a fresh temp directory. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ra-test-'));
  const config = loadConfig({
    RA_DATA_DIR: dataDir,
    RA_PORT: '0',
    RA_HOST: '127.0.0.1',
    RA_BOOTSTRAP_ADMIN: `${ADMIN.username}:${ADMIN.password}`,
    RA_LOG_LEVEL: 'info',
    ...options.env,
  });
  const chunks: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const clock = options.clock ?? flowingClock();
  const app = await createApp({ config, logDestination, clock });
  const address = await app.listen();
  const url = `http://127.0.0.1:${address.port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    url,
    app,
    clock,
    dataDir,
    api: apiClient(url),
    logs: () => chunks.join(''),
    stop,
    close: async () => {
      await stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
