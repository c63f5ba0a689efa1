import { z } from 'zod';
import { Id } from '../schemas/common.js';
import { AgentKind, DeviceReport } from './device.js';
import { IceServer } from './signal.js';

/**
 * A live session's life: `waiting` for the agent (a join code is out) → `consent_pending`
 * (the agent joined, its device is supported, the user is reading the consent) → `active`
 * (consent recorded: the only state in which anything is relayed) → `ended`.
 */
export const SessionStatus = z.enum(['waiting', 'consent_pending', 'active', 'ended']);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const EndReason = z.enum([
  /** The engineer ended it. */
  'engineer_ended',
  /** The end user stopped it from the agent. */
  'user_stopped',
  /** The time limit passed. */
  'expired',
  /** The end user declined the consent. */
  'user_declined',
  /** The consent prompt was left unanswered. */
  'consent_timeout',
  /** The device is outside the support policy (§3). */
  'device_not_supported',
  /** The join code expired before an agent used it. */
  'code_expired',
  /** The agent stayed disconnected longer than the grace period. */
  'agent_disconnected',
  /** The engineer stayed disconnected longer than the grace period. */
  'engineer_disconnected',
]);
export type EndReason = z.infer<typeof EndReason>;

/** Time left, as a duration: the agent keeps its own clock from this, not from our timestamps. */
export const Deadline = z.object({
  endsAt: z.string(),
  remainingMs: z.number(),
  grantedMinutes: z.number(),
  maxTotalMinutes: z.number(),
});
export type Deadline = z.infer<typeof Deadline>;

/** What the end user is told the engineer will be able to do; a browser session has `playback_check` instead of control and diagnostics. */
export const Capability = z.enum(['view_screen', 'control_input', 'diagnostics', 'playback_check', 'chat']);
export type Capability = z.infer<typeof Capability>;

/** What the agent must show the end user before asking for consent. */
export const ConsentRequest = z.object({
  sessionId: Id,
  caseRef: z.string(),
  engineerName: z.string(),
  helpdeskName: z.string(),
  capabilities: z.array(Capability),
  diagnostics: z.array(z.string()),
  everyActionLogged: z.literal(true),
  canStopAnytime: z.literal(true),
  timeLimitMinutes: z.number(),
  maxTotalMinutes: z.number(),
  /** The consent text the server expects: the agent shows its own copy and compares. */
  text: z.object({ version: z.string(), sha256: z.object({ ko: z.string(), en: z.string() }) }),
  /** Seconds the user has to answer before the prompt declines by itself. */
  answerWithinSeconds: z.number(),
  /**
   * What is left of that time by the server's consent timer (it runs from the agent's join), at
   * the moment the server sent this: the agent's prompt counts down from it, not from printing.
   */
  answerWithinMs: z.number().min(0),
});
export type ConsentRequest = z.infer<typeof ConsentRequest>;

export const ConsentAnswer = z.strictObject({
  decision: z.enum(['accept', 'decline']),
  textVersion: z.string().max(100),
  textSha256: z.string().regex(/^[0-9a-f]{64}$/),
  language: z.enum(['ko', 'en']),
  /** The name the user typed, as their signature. */
  typedName: z.string().trim().min(1).max(100),
  /** Whether a second viewer (a supervisor) may watch. */
  allowObservers: z.boolean().default(false),
});
export type ConsentAnswer = z.infer<typeof ConsentAnswer>;

export const ExtensionRequest = z.object({
  requestId: z.string(),
  minutes: z.number(),
  reason: z.string(),
  engineerName: z.string(),
  /** The total the session would then have. */
  newTotalMinutes: z.number(),
  expiresInMs: z.number(),
  text: z.object({ version: z.string(), sha256: z.object({ ko: z.string(), en: z.string() }) }),
});
export type ExtensionRequest = z.infer<typeof ExtensionRequest>;

export const ExtensionAnswer = ConsentAnswer.omit({ allowObservers: true }).extend({ requestId: z.string().max(100) });
export type ExtensionAnswer = z.infer<typeof ExtensionAnswer>;

/** A session as REST and the viewer see it. */
export const SessionView = z.object({
  id: Id,
  caseId: Id,
  caseRef: z.string(),
  engineer: z.object({ id: Id, displayName: z.string() }),
  status: SessionStatus,
  createdAt: z.string(),
  agentJoinedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  deadline: Deadline.nullable(),
  endedAt: z.string().nullable(),
  endReason: EndReason.nullable(),
  device: DeviceReport.nullable(),
  /** The agent program or the join page in a browser (view only); null until the hello. */
  agentKind: AgentKind.nullable(),
  allowObservers: z.boolean(),
  agentConnected: z.boolean(),
});
export type SessionView = z.infer<typeof SessionView>;

/** A recorded consent (of the session, or of an extension), as auditors read it. */
export const ConsentRecordView = z.object({
  id: Id,
  sessionId: Id,
  kind: z.enum(['session', 'extension']),
  decision: z.enum(['accept', 'decline']),
  at: z.string(),
  textVersion: z.string(),
  textSha256: z.string(),
  language: z.enum(['ko', 'en']),
  typedName: z.string(),
  ip: z.string(),
  deviceSummary: z.string(),
  extensionMinutes: z.number().nullable(),
  allowObservers: z.boolean(),
});
export type ConsentRecordView = z.infer<typeof ConsentRecordView>;

/** A row of the auditors' session list: the session with its case's company and outcome. */
export const SessionListItem = SessionView.extend({
  company: z.object({ id: Id, name: z.string() }),
  caseOutcome: z.string().nullable(),
});
export type SessionListItem = z.infer<typeof SessionListItem>;

export const SessionListQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  companyId: Id.optional(),
  engineerId: Id.optional(),
  outcome: z.string().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type SessionListQuery = z.infer<typeof SessionListQuery>;

/** What the engineer reads out over the phone. */
export const JoinCodeView = z.object({
  code: z.string().regex(/^\d{9}$/),
  display: z.string(),
  expiresAt: z.string(),
});
export type JoinCodeView = z.infer<typeof JoinCodeView>;

export const OpenSessionResponse = z.object({ session: SessionView, joinCode: JoinCodeView, iceServers: z.array(IceServer) });
export type OpenSessionResponse = z.infer<typeof OpenSessionResponse>;

export function formatJoinCode(code: string): string {
  return code.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');
}

/** Normalises what a user typed ("123 456-789") to the nine digits, or null. */
export function normaliseJoinCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{9}$/.test(digits) ? digits : null;
}
