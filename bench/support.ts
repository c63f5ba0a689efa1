import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createApp, type RunningApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';

/** A throw-away server for a benchmark: temp data dir, port 0, logs off. */
export async function benchServer(env: Record<string, string> = {}): Promise<{ app: RunningApp; url: string; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ra-bench-'));
  const config = loadConfig({ RA_DATA_DIR: dataDir, RA_PORT: '0', RA_LOG_LEVEL: 'silent', RA_BOOTSTRAP_ADMIN: 'admin:bench-password-1', ...env });
  const app = await createApp({ config });
  const { port } = await app.listen();
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    dispose: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export async function load(options: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon({ connections: 10, duration: 10, ...options });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export async function jsonPost<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
