import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { recordAudit, SYSTEM_ACTOR } from '../server/audit/trail.js';
import { createLogger } from '../server/logging.js';
import { verifyAuditLog } from '../server/services/auditLog.js';
import { openStore, type OpenStore } from '../server/store/open.js';
import { withScratchDatabase } from './support.js';

/**
 * Audit-append throughput: entries a second into the one hash chain, each in its own durable
 * write transaction (`recordAudit`, as every service writes them), from one store instance and
 * from three instances on one PostgreSQL database (as three nodes would), with the SQLite store
 * as the one-machine reference. Every instance runs WRITERS writes at a time for SECONDS; the
 * chain is verified after each run. `npm run bench:audit [-- --database-url URL]` (a server whose
 * user may create databases: each run uses a scratch database and drops it).
 */
const WRITERS = 8;
const SECONDS = 5;
const logger = createLogger('silent');
const dataKey = Buffer.alloc(32, 1);

interface Run {
  appendsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  verified: boolean;
  entries: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function appendFor(stores: OpenStore[]): Promise<Run> {
  const until = performance.now() + SECONDS * 1000;
  const latencies: number[] = [];
  const writer = async (store: OpenStore, node: number) => {
    while (performance.now() < until) {
      const started = performance.now();
      await store.write((tx) => recordAudit(tx, Date.now(), { actor: SYSTEM_ACTOR, action: 'bench.append', details: { node } }));
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(stores.flatMap((store, node) => Array.from({ length: WRITERS }, () => writer(store, node))));
  const elapsed = (performance.now() - started) / 1000;
  const verification = await verifyAuditLog(stores[0]!);
  latencies.sort((a, b) => a - b);
  return { appendsPerSecond: latencies.length / elapsed, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), verified: verification.ok, entries: verification.checkedEntries };
}

async function onSqlite(): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ra-bench-audit-'));
  const store = await openStore({ dataDir, databaseUrl: null, dataKey }, logger);
  try {
    return await appendFor([store]);
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function onPostgres(serverUrl: string, instances: number): Promise<Run> {
  return withScratchDatabase(serverUrl, async (url) => {
    const stores: OpenStore[] = [];
    for (let i = 0; i < instances; i++) stores.push(await openStore({ dataDir: '', databaseUrl: url, dataKey }, logger));
    try {
      return await appendFor(stores);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'database-url': { type: 'string' } } });
  const rows: Array<[string, Run]> = [['SQLite, 1 instance', await onSqlite()]];
  const serverUrl = values['database-url'];
  if (serverUrl) {
    rows.push(['PostgreSQL, 1 instance', await onPostgres(serverUrl, 1)]);
    rows.push(['PostgreSQL, 3 instances', await onPostgres(serverUrl, 3)]);
  }
  console.log(`audit appends, one durable transaction each, ${WRITERS} concurrent writers per instance, ${SECONDS} s each`);
  for (const [name, r] of rows) {
    console.log(`${name.padEnd(26)} ${r.appendsPerSecond.toFixed(0).padStart(6)} appends/s  p50 ${r.p50Ms.toFixed(1)} ms  p99 ${r.p99Ms.toFixed(1)} ms  chain ${r.verified ? 'verifies' : 'BROKEN'} (${r.entries} entries)`);
  }
}

await main();
