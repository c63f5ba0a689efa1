import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient, type ApiClient } from './api.js';
import { startBalancer, type Balancer } from './balancer.js';
import { TEST_BASE_INSTANT } from './clock.js';
import { tiedToThisProcess } from './daemon.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import { ROOT } from './processes.js';
import { startRedis, type TestRedis } from './redis.js';
import { ADMIN } from './server.js';

/** What every node of a cluster shares besides the database and Redis: the same secrets. */
export const CLUSTER_SECRETS = { RA_DATA_KEY: Buffer.alloc(32, 5).toString('base64'), RA_JWT_SECRET: 'cluster-test-signing-secret-0123456789abcdef' };

export interface NodeProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything it logged so far (JSON lines). */
  output(): string;
  /** Its exit code or signal, once it exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * One node as a real server process (`test/support/clusterNode.ts`: the server's `serve` on the
 * cluster's shared clock), tied to this test process so that it dies with it.
 */
export async function startNodeProcess(env: Record<string, string>): Promise<NodeProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ra-node-'));
  const [command, args] = tiedToThisProcess(process.execPath, ['--import', 'tsx', 'test/support/clusterNode.ts']);
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, RA_DATA_DIR: dataDir, RA_PORT: '0', RA_HOST: '127.0.0.1', RA_BOOTSTRAP_ADMIN: `${ADMIN.username}:${ADMIN.password}`, RA_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, signal });
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start within 60 s:\n${output}`)), 60_000);
    const onData = () => {
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(match[1]);
    };
    child.stdout.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`node exited (${code ?? signal}) before it listened:\n${output}`));
    });
  });
  return { url, port: Number(new URL(url).port), child, output: () => output, exited };
}

export interface TestCluster {
  pg: TestPostgres;
  redis: TestRedis;
  databaseUrl: string;
  nodes: NodeProcess[];
  /** In front of the nodes; clients that should reach "any node" go through it. */
  balancer: Balancer;
  /** The REST API through the balancer. */
  api: ApiClient;
  /** The environment every node gets (store, Redis, secrets, the shared clock, the test's own). */
  env: Record<string, string>;
  /** The cluster's clock, as the nodes read it. */
  now(): number;
  /** Starts a new node in the place of node `index` (behind the balancer). */
  replace(index: number): Promise<NodeProcess>;
  stop(): Promise<void>;
}

/**
 * Three (or `count`) real server processes on one private PostgreSQL and one private Redis,
 * behind a test load balancer, all on one clock that starts at the fixed test instant.
 */
export async function startCluster(options: { count?: number; env?: Record<string, string>; start?: string } = {}): Promise<TestCluster> {
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  const databaseUrl = await pg.createDatabase();
  const realAtBase = Date.now();
  const base = Date.parse(options.start ?? TEST_BASE_INSTANT);
  const env = {
    ...CLUSTER_SECRETS,
    RA_DATABASE_URL: databaseUrl,
    RA_REDIS_URL: redis.url,
    RA_TEST_CLOCK_BASE: new Date(base).toISOString(),
    RA_TEST_CLOCK_REAL_MS: String(realAtBase),
    RA_TOKEN_TTL_MINUTES: String(7 * 24 * 60),
    ...options.env,
  };
  const nodes: NodeProcess[] = [];
  // The first one migrates the database; the others then start together.
  nodes.push(await startNodeProcess(env));
  nodes.push(...(await Promise.all(Array.from({ length: (options.count ?? 3) - 1 }, () => startNodeProcess(env)))));
  const balancer = await startBalancer(nodes.map((n) => n.port));
  return {
    pg,
    redis,
    databaseUrl,
    nodes,
    balancer,
    api: apiClient(balancer.url),
    env,
    now: () => base + (Date.now() - realAtBase),
    replace: async (index) => {
      const node = await startNodeProcess(env);
      nodes[index] = node;
      balancer.targets[index] = node.port;
      return node;
    },
    stop: async () => {
      await balancer.close();
      for (const node of nodes) node.child.kill('SIGKILL');
      await Promise.all(nodes.map((n) => n.exited));
      await Promise.all([pg.stop(), redis.stop()]);
    },
  };
}
