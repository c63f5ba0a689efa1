import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { DiagnosticItem, DiagnosticResult, MinimumSpec } from '../../shared/protocol/diagnosticResults.js';
import type { DiagnosticCheckId } from '../../shared/protocol/diagnostics.js';

export interface DiagnosticsDeps {
  minimum: MinimumSpec;
  platform: NodeJS.Platform;
  /** One round trip to the server, in ms, or null when it timed out. */
  ping: () => Promise<number | null>;
  /** Downloads `bytes` from the server; resolves with the time taken. */
  download: (bytes: number) => Promise<{ bytes: number; ms: number }>;
}

export type CheckOutcome = Pick<DiagnosticResult, 'status' | 'summary' | 'items'>;
export type Check = (deps: DiagnosticsDeps) => Promise<CheckOutcome>;
export type CheckTable = Record<DiagnosticCheckId, Check>;

const execFileAsync = promisify(execFile);

/** Runs a fixed program with fixed arguments (never a shell); empty output when it is missing. */
export async function read(program: string, args: string[], timeoutMs = 5000): Promise<string> {
  try {
    const { stdout } = await execFileAsync(program, args, { timeout: timeoutMs, windowsHide: true, maxBuffer: 4 * 2 ** 20 });
    return stdout;
  } catch {
    // Not installed or not applicable on this system: the check reports it as absent.
    return '';
  }
}

export const item = (label: string, value: string, expected: string | null, status: DiagnosticItem['status']): DiagnosticItem => ({ label, value, expected, status });

/** The overall status is the worst of the items'. */
export function worst(items: DiagnosticItem[]): DiagnosticResult['status'] {
  if (items.some((i) => i.status === 'fail')) return 'fail';
  if (items.some((i) => i.status === 'warn')) return 'warn';
  return 'pass';
}

export const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GB`;
