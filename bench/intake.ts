import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { BENCH_INTAKE, benchServer, benchStaff, load } from './support.js';

/**
 * Case intake throughput: POST /api/cases end to end (auth, §7 validation, business hours,
 * one durable SQLite transaction with its audit entry) against a bare express JSON endpoint
 * with the same body, both measured in this process on loopback. `npm run bench:intake`
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

async function main(): Promise<void> {
  const body = JSON.stringify(BENCH_INTAKE);
  const headers = { 'content-type': 'application/json' };

  const baseline = await baselineServer();
  const bare = await load({ url: `${baseline.url}/echo`, method: 'POST', headers, body });
  baseline.close();

  const bench = await benchServer();
  const token = (await benchStaff(bench.url)).callCenter;
  const full = await load({ url: `${bench.url}/api/cases`, method: 'POST', headers: { ...headers, authorization: `Bearer ${token}` }, body });
  const verification = await bench.app.ctx.store.read.audit.head();
  await bench.dispose();

  const rows = [
    ['bare express JSON POST (baseline)', bare],
    ['POST /api/cases (full intake)', full],
  ] as const;
  console.log('case intake, 10 connections, 10 s each, loopback, same process');
  for (const [name, r] of rows) {
    console.log(`${name.padEnd(36)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  non-2xx ${r.non2xx}  errors ${r.errors}`);
  }
  console.log(`intake / baseline throughput ratio: ${(full.requestsPerSecond / bare.requestsPerSecond).toFixed(3)}`);
  console.log(`audit entries written: ${verification?.seq ?? 0}`);
}

await main();
