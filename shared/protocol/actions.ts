import { z } from 'zod';
import { DiagnosticItem } from './diagnosticResults.js';

/**
 * In-session actions either side reports for the audit log (issue: "the agent's report is the
 * evidence of what actually happened on the user's PC"). There is deliberately no kind that
 * carries keystrokes: raw input is never logged.
 */
export const SessionAction = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('control_granted') }),
  z.strictObject({ kind: z.literal('control_paused'), by: z.enum(['user', 'engineer']) }),
  z.strictObject({ kind: z.literal('control_resumed'), by: z.enum(['user', 'engineer']) }),
  z.strictObject({ kind: z.literal('control_stopped'), by: z.enum(['user', 'engineer']) }),
  z.strictObject({ kind: z.literal('control_unavailable'), reason: z.string().max(500) }),
  z.strictObject({ kind: z.literal('monitor_switched'), displayId: z.string().max(50) }),
  z.strictObject({
    kind: z.literal('diagnostic_run'),
    check: z.string().max(50),
    status: z.enum(['pass', 'warn', 'fail', 'error']),
    summary: z.string().max(1000),
    automatic: z.boolean().default(false),
    /** The measured facts, so the run's result is on record with the case. */
    items: z.array(DiagnosticItem).max(200).default([]),
  }),
  z.strictObject({ kind: z.literal('chat'), text: z.string().min(1).max(2000) }),
  z.strictObject({
    kind: z.literal('file_transfer'),
    direction: z.enum(['to_user', 'from_user']),
    name: z.string().max(255),
    sizeBytes: z.number().int().min(0),
  }),
]);
export type SessionAction = z.infer<typeof SessionAction>;
export type SessionActionKind = SessionAction['kind'];
