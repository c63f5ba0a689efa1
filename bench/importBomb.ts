import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { columnHeader, INTAKE_COLUMNS } from '../shared/schemas/intakeSheet.js';
import { inflationBomb, rowBomb } from '../test/support/workbooks.js';
import { BENCH_INTAKE, benchServer, benchStaff } from './support.js';

/**
 * Spreadsheet bombs against the bulk import: for normal workbooks of 200 and 2,000 rows, the row bomb
 * (200,000 rows, ~55 MB of XML in ~1.1 MB) and the inflation bomb (one 300 MB cell in ~1.4 MB,
 * with honest and with lying zip headers), how long until the upload is answered, how late
 * `/api/health` answers meanwhile, and the process's peak RSS (server, its reader workers and
 * the client). Each file is uploaded in a fresh child process, after one warm-up upload, so each
 * peak RSS is that upload's alone. `npm run bench:import-bomb`
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Time for the spare reader worker to start after the warm-up upload (generous: CI machines are busy). */
const WARM_UP_SETTLE_MS = 5000;

interface Measurement {
  status: number;
  answer: string;
  answeredMs: number;
  healthChecks: number;
  healthP50Ms: number;
  healthMaxMs: number;
  baselineRssMb: number;
  peakRssMb: number;
}

async function normalWorkbook(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Requests');
  sheet.addRow(INTAKE_COLUMNS.map(columnHeader));
  const valueAt = (path: readonly string[]): unknown => path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], BENCH_INTAKE);
  const yesNo = (v: unknown) => (typeof v === 'boolean' ? (v ? 'Y' : 'N') : v);
  for (let i = 0; i < rows; i++) sheet.addRow(INTAKE_COLUMNS.map((c) => yesNo(valueAt(c.path)) ?? ''));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** In the child: one upload, with /api/health polled back to back until it is answered. */
async function measure(file: string): Promise<Measurement> {
  const body = readFileSync(file);
  const bench = await benchServer();
  const token = (await benchStaff(bench.url)).callCenter;
  // Steady state: one upload first, so that a started reader worker is waiting for the next (the
  // very first upload after a start also pays for starting one).
  await fetch(`${bench.url}/api/cases/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: 'Customer name\nWarm-up\n' });
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_SETTLE_MS));
  const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
  const latencies: number[] = [];
  let answered = false;
  const poll = (async () => {
    while (!answered) {
      const started = performance.now();
      await fetch(`${bench.url}/api/health`).then((r) => r.arrayBuffer());
      latencies.push(performance.now() - started);
    }
  })();
  const started = performance.now();
  const res = await fetch(`${bench.url}/api/cases/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': XLSX }, body });
  const text = await res.text();
  const answeredMs = performance.now() - started;
  answered = true;
  await poll;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  await bench.dispose();
  const parsed = JSON.parse(text) as { error?: { code: string; message: string }; imported?: unknown[]; rejected?: unknown[] };
  const answer = parsed.error ? `${parsed.error.code}: ${parsed.error.message}` : `imported ${parsed.imported?.length}, rejected ${parsed.rejected?.length}`;
  latencies.sort((a, b) => a - b);
  return { status: res.status, answer, answeredMs, healthChecks: latencies.length, healthP50Ms: latencies[Math.floor(latencies.length / 2)] ?? 0, healthMaxMs: latencies.at(-1) ?? 0, baselineRssMb, peakRssMb };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ra-bomb-'));
  const files: Array<[string, Buffer]> = [
    ['normal workbook, 200 rows', await normalWorkbook(200)],
    ['normal workbook, 2,000 rows (the most)', await normalWorkbook(2000)],
    ['row bomb, 200,000 rows', rowBomb(200_000)],
    ['inflation bomb, 300 MB', inflationBomb(300)],
    ['inflation bomb, 300 MB, lying sizes', inflationBomb(300, { declaredSheetSize: 64 * 1024 })],
  ];
  console.log('bulk import: one upload per fresh process, /api/health polled back to back meanwhile');
  console.log(`${'file'.padEnd(38)} ${'size'.padStart(9)}  status  answered  health p50 / max (n)      RSS before → peak`);
  try {
    for (const [name, bytes] of files) {
      const file = join(dir, `${files.findIndex(([n]) => n === name)}.xlsx`);
      writeFileSync(file, bytes);
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', file], { maxBuffer: 1 << 20 });
      const m = JSON.parse(stdout) as Measurement;
      const size = `${(bytes.length / 2 ** 20).toFixed(2)} MB`;
      const health = `${m.healthP50Ms.toFixed(1)} / ${m.healthMaxMs.toFixed(0)} ms (${m.healthChecks})`;
      console.log(`${name.padEnd(38)} ${size.padStart(9)}  ${String(m.status).padStart(6)}  ${`${m.answeredMs.toFixed(0)} ms`.padStart(8)}  ${health.padEnd(24)} ${m.baselineRssMb.toFixed(0)} → ${m.peakRssMb.toFixed(0)} MB`);
      console.log(`${''.padEnd(38)} ${m.answer.slice(0, 110)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childFile = process.argv[2] === '--child' ? process.argv[3] : undefined;
if (childFile) process.stdout.write(JSON.stringify(await measure(childFile)));
else await main();
