import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import express from 'express';
import { BENCH_INTAKE, benchServer, benchStaff, load, withScratchDatabase, type LoadResult } from './support.js';

/**
 * Case intake throughput: POST /api/cases end to end (auth, §7 validation, business hours,
 * one durable transaction with its audit entry) against a bare express JSON endpoint with the
 * same body, all measured in this process on loopback: on the SQLite store, and with
 * `--database-url postgres://…` (a server whose user may create databases: the run uses a
 * scratch database and drops it) on PostgreSQL too, in the same run.
 * `npm run bench:intake [-- --database-url URL]`
 */
async function baselineServer(): Promise<{ url: string; close(): void }> {
  const app = express();
  app.post('/echo', express.json(), (req, res) => {
    res.status(201).json({ received: Object.keys(req.body as object).length });
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const body = JSON.stringify(BENCH_INTAKE);
const headers = { 'content-type': 'application/json' };

/** Full intake on a server with `env` (the store it runs on); the audit entries it wrote. */
async function intake(env: Record<string, string>): Promise<{ result: LoadResult; auditEntries: number }> {
  const bench = await benchServer(env);
  try {
    const token = (await benchStaff(bench.url)).callCenter;
    const result = await load({ url: `${bench.url}/api/cases`, method: 'POST', headers: { ...headers, authorization: `Bearer ${token}` }, body });
    return { result, auditEntries: (await bench.app.ctx.store.read.audit.head())?.seq ?? 0 };
  } finally {
    await bench.dispose();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'database-url': { type: 'string' } } });
  const baseline = await baselineServer();
  const bare = await load({ url: `${baseline.url}/echo`, method: 'POST', headers, body });
  baseline.close();

  const runs: Array<[string, { result: LoadResult; auditEntries: number }]> = [['POST /api/cases on SQLite', await intake({})]];
  const serverUrl = values['database-url'];
  if (serverUrl) runs.push(['POST /api/cases on PostgreSQL', await withScratchDatabase(serverUrl, (url) => intake({ RA_DATABASE_URL: url }))]);

  const rows: Array<[string, LoadResult]> = [['bare express JSON POST (baseline)', bare], ...runs.map(([name, r]): [string, LoadResult] => [name, r.result])];
  console.log('case intake, 10 connections, 10 s each, loopback, same process');
  for (const [name, r] of rows) {
    console.log(`${name.padEnd(36)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  non-2xx ${r.non2xx}  errors ${r.errors}`);
  }
  for (const [name, r] of runs) {
    console.log(`${name}: intake / baseline throughput ratio ${(r.result.requestsPerSecond / bare.requestsPerSecond).toFixed(3)}, audit entries written ${r.auditEntries}`);
  }
}

await main();
