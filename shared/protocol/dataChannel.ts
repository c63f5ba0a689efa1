import { z } from 'zod';
import { DIAGNOSTIC_CHECK_IDS } from './diagnostics.js';
import { DiagnosticResult } from './diagnosticResults.js';

/**
 * Messages on the WebRTC data channel between the engineer's viewer and the agent. Coordinates
 * are normalised to the video frame (0…1), so they do not depend on how large the viewer draws
 * it. The agent accepts input, diagnostics and chat only from the owning engineer's peer.
 */
const unit = z.number().min(0).max(1);
export const MouseButton = z.enum(['left', 'middle', 'right']);
export type MouseButton = z.infer<typeof MouseButton>;

export const ViewerMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('pointer'), action: z.enum(['move', 'down', 'up']), x: unit, y: unit, button: MouseButton.optional() }),
  z.strictObject({ type: z.literal('wheel'), x: unit, y: unit, deltaX: z.number().min(-10_000).max(10_000), deltaY: z.number().min(-10_000).max(10_000) }),
  /** `code` as in KeyboardEvent.code ("KeyA", "Enter", "ShiftLeft"): a physical key, not a character. */
  z.strictObject({ type: z.literal('key'), action: z.enum(['down', 'up']), code: z.string().regex(/^[A-Za-z0-9]{1,24}$/) }),
  z.strictObject({ type: z.literal('text'), text: z.string().min(1).max(1000) }),
  /** The engineer turns remote control on or off. */
  z.strictObject({ type: z.literal('control'), action: z.enum(['request', 'release']) }),
  z.strictObject({ type: z.literal('diagnostics'), requestId: z.string().max(64), checks: z.array(z.enum(DIAGNOSTIC_CHECK_IDS)).min(1).max(DIAGNOSTIC_CHECK_IDS.length) }),
  z.strictObject({ type: z.literal('chat'), text: z.string().min(1).max(2000) }),
  z.strictObject({ type: z.literal('monitor'), displayId: z.string().max(50) }),
]);
export type ViewerMessage = z.infer<typeof ViewerMessage>;

export const ControlState = z.enum(['off', 'on', 'paused', 'unavailable']);
export type ControlState = z.infer<typeof ControlState>;

export const DisplayInfo = z.object({ id: z.string(), name: z.string(), width: z.number().int(), height: z.number().int(), x: z.number().int(), y: z.number().int(), primary: z.boolean() });
export type DisplayInfo = z.infer<typeof DisplayInfo>;

export const AgentMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), displays: z.array(DisplayInfo), displayId: z.string(), control: ControlState, controlNote: z.string().nullable() }),
  z.object({ type: z.literal('control'), state: ControlState, by: z.enum(['user', 'engineer', 'agent']), note: z.string().nullable() }),
  z.object({ type: z.literal('monitor'), displayId: z.string(), width: z.number().int(), height: z.number().int() }),
  z.object({ type: z.literal('diagnostics'), requestId: z.string(), results: z.array(DiagnosticResult) }),
  z.object({ type: z.literal('chat'), text: z.string(), at: z.string() }),
  z.object({ type: z.literal('time'), remainingMs: z.number() }),
]);
export type AgentMessage = z.infer<typeof AgentMessage>;
