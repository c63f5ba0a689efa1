import { z } from 'zod';
import { DIAGNOSTIC_CHECK_IDS } from './diagnostics.js';

/** One measured fact of a check, with its verdict against the minimum where there is one. */
export const DiagnosticItem = z.object({
  label: z.string().max(200),
  value: z.string().max(500),
  /** What it is compared with, e.g. "≥ 4 GB"; null when the item is informational. */
  expected: z.string().max(200).nullable(),
  status: z.enum(['pass', 'warn', 'fail', 'info']),
});
export type DiagnosticItem = z.infer<typeof DiagnosticItem>;

/** The structured result of one diagnostic check. Everything in it comes from the user's PC. */
export const DiagnosticResult = z.object({
  check: z.enum(DIAGNOSTIC_CHECK_IDS),
  status: z.enum(['pass', 'warn', 'fail', 'error']),
  summary: z.string().max(1000),
  items: z.array(DiagnosticItem).max(200),
  startedAt: z.string(),
  durationMs: z.number(),
});
export type DiagnosticResult = z.infer<typeof DiagnosticResult>;

/** The minimum PC specification the checks compare against (configurable in the agent). */
export const MinimumSpec = z.object({
  cpuCores: z.number().int().positive().default(2),
  ramGb: z.number().positive().default(4),
  freeDiskGb: z.number().positive().default(5),
  downloadMbps: z.number().positive().default(5),
  maxLatencyMs: z.number().positive().default(100),
  maxLossPercent: z.number().min(0).max(100).default(2),
  displayWidth: z.number().int().positive().default(1024),
});
export type MinimumSpec = z.infer<typeof MinimumSpec>;

/** A diagnostic run as recorded with a case (from the session's action log). */
export const CaseDiagnostic = z.object({
  at: z.string(),
  sessionId: z.number().int().nullable(),
  kind: z.literal('diagnostic_run'),
  check: z.string(),
  status: z.enum(['pass', 'warn', 'fail', 'error']),
  summary: z.string(),
  automatic: z.boolean(),
  items: z.array(DiagnosticItem),
});
export type CaseDiagnostic = z.infer<typeof CaseDiagnostic>;
