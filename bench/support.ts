import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { createApp, type RunningApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { FIRST_LEVEL_CHECKS } from '../shared/schemas/cases.js';

const PASSWORD = 'bench-password-1';

/** A throw-away server for a benchmark: temp data dir, port 0, logs off. */
export async function benchServer(env: Record<string, string> = {}): Promise<{ app: RunningApp; url: string; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ra-bench-'));
  const config = loadConfig({ RA_DATA_DIR: dataDir, RA_PORT: '0', RA_LOG_LEVEL: 'silent', RA_BOOTSTRAP_ADMIN: `admin:${PASSWORD}`, ...env });
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

/** A complete §7 request, every first-level check done. */
export const BENCH_INTAKE = {
  firstConsultationDate: new Date().toISOString().slice(0, 10),
  requestingAgent: 'Bench Agent',
  customerName: 'Bench Customer',
  contactNumber: '010-1234-5678',
  siteUrl: 'https://lectures.example/course/1',
  symptoms: 'Lecture video stops every 10 seconds and shows a black screen in Chrome',
  reproducesOnCallCenterPc: false,
  firstLevelChecks: Object.fromEntries(FIRST_LEVEL_CHECKS.map((c) => [c.key, { done: true, result: 'normal' }])),
  handOverConsent: true,
};

async function login(url: string, username: string): Promise<string> {
  return (await jsonPost<{ token: string }>(`${url}/api/auth/login`, { username, password: PASSWORD })).token;
}

/** One company with a call-center user, and an engineer; their tokens. */
export async function benchStaff(url: string): Promise<{ callCenter: string; engineer: string }> {
  const admin = await login(url, 'admin');
  const company = await jsonPost<{ id: number }>(`${url}/api/companies`, { name: 'Bench Co', reportEmail: 'b@b.example' }, admin);
  await jsonPost(`${url}/api/users`, { username: 'bench-cc', displayName: 'CC', role: 'callcenter', companyId: company.id, password: PASSWORD }, admin);
  await jsonPost(`${url}/api/users`, { username: 'bench-eng', displayName: 'Engineer', role: 'engineer', password: PASSWORD }, admin);
  return { callCenter: await login(url, 'bench-cc'), engineer: await login(url, 'bench-eng') };
}

/** Files a case, takes it, records the contact and opens a session: its id and join code. */
export async function openBenchSession(url: string, staff: { callCenter: string; engineer: string }): Promise<{ sessionId: number; code: string }> {
  const { id } = await jsonPost<{ id: number }>(`${url}/api/cases`, BENCH_INTAKE, staff.callCenter);
  await jsonPost(`${url}/api/cases/${id}/assign`, {}, staff.engineer);
  await jsonPost(`${url}/api/cases/${id}/contacts`, { reached: true }, staff.engineer);
  const opened = await jsonPost<{ session: { id: number }; joinCode: { code: string } }>(`${url}/api/cases/${id}/sessions`, {}, staff.engineer);
  return { sessionId: opened.session.id, code: opened.joinCode.code };
}

/**
 * Runs `use` on a database of its own, created on the PostgreSQL server of `serverUrl` (whose
 * user may create databases) and dropped after, so a benchmark never writes into real data.
 */
export async function withScratchDatabase<T>(serverUrl: string, use: (url: string) => Promise<T>): Promise<T> {
  const name = `ra_bench_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await use(url.toString());
  } finally {
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}
