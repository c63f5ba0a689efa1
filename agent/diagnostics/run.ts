import type { DiagnosticResult } from '../../shared/protocol/diagnosticResults.js';
import type { DiagnosticCheckId } from '../../shared/protocol/diagnostics.js';
import { network } from './network.js';
import { browsers, browserTemp, playerRuntime } from './software.js';
import { diskSpace, osUpdates, pcSpec, processes } from './system.js';
import type { CheckTable, DiagnosticsDeps } from './types.js';
import { windowsBrowsers, windowsBrowserTemp, windowsPlayerRuntime } from './windowsSoftware.js';
import { windowsDiskSpace, windowsOsUpdates, windowsPcSpec, windowsProcesses } from './windowsSystem.js';

/** The fixed list: nothing else can be run, whatever arrives on the wire. */
export const CHECKS: CheckTable = {
  pc_spec: pcSpec,
  disk_space: diskSpace,
  network,
  processes,
  os_updates: osUpdates,
  browsers,
  player_runtime: playerRuntime,
  browser_temp: browserTemp,
};

/**
 * Windows reads its own sources (registry, kernel32, user32, toolhelp through koffi) — no
 * PowerShell, which systeminformation would start, some PCs lock down and Wine lacks. The
 * network check is the same everywhere.
 */
export const WINDOWS_CHECKS: CheckTable = {
  ...CHECKS,
  pc_spec: windowsPcSpec,
  disk_space: windowsDiskSpace,
  processes: windowsProcesses,
  os_updates: windowsOsUpdates,
  browsers: windowsBrowsers,
  player_runtime: windowsPlayerRuntime,
  browser_temp: windowsBrowserTemp,
};

export const checksFor = (platform: NodeJS.Platform): CheckTable => (platform === 'win32' ? WINDOWS_CHECKS : CHECKS);

const CHECK_TIMEOUT_MS = 30_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s`)), ms).unref())]);
}

/** Runs the requested checks one after another; a failing check is reported, not fatal. */
export async function runDiagnostics(ids: readonly DiagnosticCheckId[], deps: DiagnosticsDeps, table: CheckTable = checksFor(deps.platform)): Promise<DiagnosticResult[]> {
  const results: DiagnosticResult[] = [];
  for (const check of ids) {
    const startedAt = new Date().toISOString();
    const t0 = performance.now();
    try {
      const outcome = await withTimeout(table[check](deps), CHECK_TIMEOUT_MS);
      results.push({ check, ...outcome, startedAt, durationMs: Math.round(performance.now() - t0) });
    } catch (error) {
      results.push({ check, status: 'error', summary: `could not run: ${error instanceof Error ? error.message : String(error)}`, items: [], startedAt, durationMs: Math.round(performance.now() - t0) });
    }
  }
  return results;
}
