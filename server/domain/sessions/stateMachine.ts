import { AppError, type ErrorCode } from '../../../shared/errors.js';
import { EndReason, SessionStatus } from '../../../shared/protocol/session.js';

/**
 * The live session's lifecycle, in one place: for every status and every event, the status it
 * leads to or the refusal. Every entry point — the agent's and the viewer's socket events, the REST
 * routes, the timers and the grace periods — asks this table before it changes or relays anything;
 * none keeps a status check of its own. Pure: no store, no clock, no sockets.
 *
 * Events that end the session are named by the end reason they record (`engineer_ended`,
 * `expired`, …); the others are what the sides do while the session lives.
 */
export const SESSION_ACTIVITIES = [
  /** The agent exchanges the join code for its session token. */
  'agent_join',
  /** The agent reconnects with its session token. */
  'agent_resume',
  /** `agent:hello` with a device inside the support policy. */
  'device_accept',
  /** The end user accepts the session consent. */
  'consent_accept',
  /** A WebRTC signal, either way. */
  'relay',
  /** An action report (chat, diagnostics, control), from either side. */
  'action',
  /** The engineer asks for more time. */
  'extension_request',
  /** The end user answers an extension request. */
  'extension_answer',
  /** A "minutes left" warning falls due. */
  'warning',
  /** The owning engineer opens the session's viewer. */
  'watch_owner',
  /** Another engineer or an admin asks to watch. */
  'watch_observer',
] as const;
export type SessionActivity = (typeof SESSION_ACTIVITIES)[number];
export type SessionEvent = SessionActivity | EndReason;

/** Every event, activities first, then the ends in the order of `EndReason`. */
export const SESSION_EVENTS: readonly SessionEvent[] = [...SESSION_ACTIVITIES, ...EndReason.options];
export const SESSION_STATUSES: readonly SessionStatus[] = SessionStatus.options;

export interface Refusal {
  code: ErrorCode;
  message: string;
}
export type Step = { ok: true; status: SessionStatus } | { ok: false; refusal: Refusal };

const ENDED: Refusal = { code: 'SESSION_ENDED', message: 'The session has ended.' };
const NOT_CONSENTED: Refusal = { code: 'SESSION_NOT_CONSENTED', message: 'Not before the end user’s consent is recorded.' };
const NO_DEVICE_YET: Refusal = { code: 'SESSION_NOT_CONSENTED', message: 'Send the device report first.' };
const CONSENTED: Refusal = { code: 'CONFLICT', message: 'Consent was already recorded.' };
const DEVICE_ACCEPTED: Refusal = { code: 'CONFLICT', message: 'A supported device was already reported for this session.' };
const CODE_USED: Refusal = { code: 'JOIN_CODE_EXPIRED', message: 'This code has expired or was already used. Ask the engineer for a new one.' };
const NO_OBSERVERS: Refusal = { code: 'OBSERVERS_NOT_ALLOWED', message: 'Only the owning engineer may watch, unless the end user consented to observers.' };
const ENGINEER_NOT_NEEDED_YET: Refusal = { code: 'SESSION_NOT_CONSENTED', message: 'The engineer’s absence ends a session only once the agent has reported its device.' };

type Row = Record<SessionStatus, SessionStatus | Refusal>;

/** Allowed only while the session runs (after consent, before the end), and changes nothing. */
const WHILE_ACTIVE: Row = { waiting: NOT_CONSENTED, consent_pending: NOT_CONSENTED, active: 'active', ended: ENDED };
/** Ends the session from wherever it is, unless it has ended already. */
const ENDS_ANY: Row = { waiting: 'ended', consent_pending: 'ended', active: 'ended', ended: ENDED };

const TABLE: Record<SessionEvent, Row> = {
  agent_join: { waiting: 'waiting', consent_pending: CODE_USED, active: CODE_USED, ended: CODE_USED },
  agent_resume: { waiting: 'waiting', consent_pending: 'consent_pending', active: 'active', ended: ENDED },
  device_accept: { waiting: 'consent_pending', consent_pending: 'consent_pending', active: 'active', ended: ENDED },
  consent_accept: { waiting: NO_DEVICE_YET, consent_pending: 'active', active: CONSENTED, ended: ENDED },
  relay: WHILE_ACTIVE,
  action: WHILE_ACTIVE,
  extension_request: WHILE_ACTIVE,
  extension_answer: WHILE_ACTIVE,
  warning: WHILE_ACTIVE,
  watch_owner: { waiting: 'waiting', consent_pending: 'consent_pending', active: 'active', ended: 'ended' },
  watch_observer: { waiting: NO_OBSERVERS, consent_pending: NO_OBSERVERS, active: 'active', ended: NO_OBSERVERS },
  engineer_ended: ENDS_ANY,
  user_stopped: ENDS_ANY,
  expired: { waiting: NOT_CONSENTED, consent_pending: NOT_CONSENTED, active: 'ended', ended: ENDED },
  user_declined: { waiting: NO_DEVICE_YET, consent_pending: 'ended', active: CONSENTED, ended: ENDED },
  consent_timeout: { waiting: 'ended', consent_pending: 'ended', active: CONSENTED, ended: ENDED },
  device_not_supported: { waiting: 'ended', consent_pending: DEVICE_ACCEPTED, active: DEVICE_ACCEPTED, ended: ENDED },
  code_expired: { waiting: 'ended', consent_pending: CODE_USED, active: CODE_USED, ended: ENDED },
  agent_disconnected: ENDS_ANY,
  engineer_disconnected: { waiting: ENGINEER_NOT_NEEDED_YET, consent_pending: 'ended', active: 'ended', ended: ENDED },
};

/** Where `event` leads from `status`, or why it may not happen there. */
export function sessionStep(status: SessionStatus, event: SessionEvent): Step {
  const cell = TABLE[event][status];
  return typeof cell === 'string' ? { ok: true, status: cell } : { ok: false, refusal: cell };
}

export function sessionAllows(status: SessionStatus, event: SessionEvent): boolean {
  return sessionStep(status, event).ok;
}

/** The next status; a refused event throws its refusal as an `AppError` (with `details`, if given). */
export function sessionTransition(status: SessionStatus, event: SessionEvent, details?: Record<string, unknown>): SessionStatus {
  const step = sessionStep(status, event);
  if (!step.ok) throw new AppError(step.refusal.code, step.refusal.message, details ? { details } : {});
  return step.status;
}
