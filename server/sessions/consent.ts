import { AppError } from '../../shared/errors.js';
import { SESSION_CONSENT, sha256Hex, type ConsentText } from '../../shared/consent.js';
import { DIAGNOSTIC_CHECK_IDS } from '../../shared/protocol/diagnostics.js';
import { type AgentKind, type DeviceReport, deviceSummary } from '../../shared/protocol/device.js';
import type { AgentHello, RemoteControlOffer } from '../../shared/protocol/events.js';
import type { Capability, ConsentAnswer, ConsentRequest, Deadline } from '../../shared/protocol/session.js';
import type { IceServer } from '../../shared/protocol/signal.js';
import { caseRef } from '../../shared/schemas/cases.js';
import { agentActor, SYSTEM } from '../access/actors.js';
import { deviceFromBrowser, remoteControlOffer } from '../domain/sessions/browserDevice.js';
import { evaluateDevice, type DeviceVerdict } from '../domain/sessions/devicePolicy.js';
import { sessionTransition } from '../domain/sessions/stateMachine.js';
import { deadlineAfter } from '../domain/sessions/timeLimit.js';
import { iceServersFor } from '../security/turn.js';
import type { SessionRecord } from '../store/types.js';
import { auditSession, nowIso, type SessionDeps, timerKey } from './deps.js';
import { endSession } from './ending.js';
import { scheduleTimeLimit } from './scheduling.js';
import { broadcastState, deadlineOf } from './views.js';

/** The version and both hashes of a consent text, for the agent to compare with its own copy. */
export async function textIdentity(text: ConsentText) {
  return { version: text.version, sha256: { ko: await sha256Hex(text.ko), en: await sha256Hex(text.en) } };
}

/** The consent answer must name exactly the text version and language the server knows. */
export async function checkTextIdentity(text: ConsentText, answer: Pick<ConsentAnswer, 'textVersion' | 'textSha256' | 'language'>): Promise<void> {
  const expected = await sha256Hex(text[answer.language]);
  if (answer.textVersion !== text.version || answer.textSha256 !== expected) {
    throw new AppError('CONSENT_TEXT_MISMATCH', 'The consent text shown is not the current one; update the agent.', {
      details: { expectedVersion: text.version },
    });
  }
}

/** What the engineer will be able to do: in a browser, see the shared screen (where it can be shared), the playback check and chat. */
function capabilitiesOf(kind: AgentKind, device: DeviceReport | null): Capability[] {
  if (kind === 'agent') return ['view_screen', 'control_input', 'diagnostics', 'chat'];
  return device?.browser?.canShareScreen ? ['view_screen', 'playback_check', 'chat'] : ['playback_check', 'chat'];
}

async function consentRequest(deps: SessionDeps, s: SessionRecord, kind: AgentKind, device: DeviceReport | null): Promise<ConsentRequest> {
  const engineer = await deps.store.read.users.byId(s.engineerId);
  return {
    sessionId: s.id,
    caseRef: caseRef(s.caseId),
    engineerName: engineer?.displayName ?? 'HelpDesk engineer',
    helpdeskName: deps.config.helpdeskName,
    capabilities: capabilitiesOf(kind, device),
    diagnostics: kind === 'agent' ? DIAGNOSTIC_CHECK_IDS : [],
    everyActionLogged: true,
    canStopAnytime: true,
    timeLimitMinutes: deps.config.session.defaultMinutes,
    maxTotalMinutes: deps.config.session.maxTotalMinutes,
    text: await textIdentity(SESSION_CONSENT),
    answerWithinSeconds: Math.round(deps.config.consentAnswerMinutes * 60),
    // The consent timer runs from the agent's join (scheduleConsentTimeout): tell what is left of it.
    answerWithinMs: Math.max(0, Date.parse(s.agentJoinedAt ?? s.createdAt) + deps.config.consentAnswerMinutes * 60_000 - deps.clock.now()),
  };
}

/**
 * The agent's first message: its device, checked against the support policy (§3). A device
 * outside it ends the session and closes the case as "device not supported"; otherwise the agent
 * gets everything the user must read before consenting. A browser (the join page) reports what it
 * measured of itself; its session is view only, which §3 does not gate (docs/protocol.md, "Browser
 * sessions"): it is always accepted, and told whether remote control is open to its device.
 */
export async function hello(deps: SessionDeps, sessionId: number, payload: AgentHello): Promise<{ consent: ConsentRequest; remoteControl?: RemoteControlOffer }> {
  const s = await deps.store.read.sessions.byId(sessionId);
  if (!s) throw new AppError('SESSION_ENDED', 'The session has ended.');
  const kind: AgentKind = payload.kind === 'browser' ? 'browser' : 'agent';
  if (s.agentKind && s.agentKind !== kind) throw new AppError('CONFLICT', `This session was joined by ${s.agentKind === 'browser' ? 'a browser' : 'the agent program'}; it cannot change.`);
  // A device report of the agent program is the PC's own: it cannot claim to be a browser.
  const device: DeviceReport = payload.kind === 'browser' ? deviceFromBrowser(payload) : withoutBrowser(payload.device);
  const policy = { platforms: deps.config.supportedPlatforms };
  const verdict: DeviceVerdict = kind === 'browser' ? { supported: true } : evaluateDevice(device, policy);
  const offer = kind === 'browser' ? { remoteControl: remoteControlOffer(device, policy) } : {};
  const next = sessionTransition(s.status, verdict.supported ? 'device_accept' : 'device_not_supported');
  // A repeated report (after a reconnect) of the accepted device changes nothing: the prompt again.
  if (next === s.status) return { consent: await consentRequest(deps, s, kind, s.device), ...offer };
  const summary = deviceSummary(device);
  await deps.store.write(async (tx) => {
    await tx.sessions.update(s.id, { device, agentKind: kind, language: payload.language, ...(verdict.supported ? { status: next } : {}) });
    await auditSession(deps, tx, s, agentActor(s), verdict.supported ? 'session.device_accepted' : 'session.device_refused', {
      device: summary,
      platform: device.platform,
      agentKind: kind,
      agentVersion: payload.agentVersion,
      ...(verdict.supported ? {} : { reason: 'device_not_supported', message: verdict.reason }),
    });
  });
  if (!verdict.supported) {
    await endSession(deps, s.id, 'device_not_supported', SYSTEM, { message: verdict.reason });
    throw new AppError('DEVICE_NOT_SUPPORTED', verdict.reason, { details: { device: summary } });
  }
  await broadcastState(deps, s.id);
  return { consent: await consentRequest(deps, { ...s, status: next }, kind, device), ...offer };
}

function withoutBrowser(device: DeviceReport): DeviceReport {
  const { browser: _claimed, ...own } = device;
  return own;
}

/**
 * Records the end user's answer — time, text version and hash, language, typed name, address and
 * device — durably and in the audit log *before* anything is relayed. Accepting starts the clock;
 * declining ends the session and sends the case back to the call center (§1.5).
 */
export async function recordConsent(deps: SessionDeps, sessionId: number, answer: ConsentAnswer, ip: string): Promise<{ deadline: Deadline | null; iceServers: IceServer[] }> {
  await checkTextIdentity(SESSION_CONSENT, answer);
  const s = await deps.store.write(async (tx) => {
    const current = await tx.sessions.byId(sessionId);
    if (!current) throw new AppError('SESSION_ENDED', 'The session has ended.');
    const next = sessionTransition(current.status, answer.decision === 'accept' ? 'consent_accept' : 'user_declined');
    const now = nowIso(deps);
    const deviceLine = current.device ? deviceSummary(current.device) : 'unknown device';
    await tx.consents.insert({
      sessionId, kind: 'session', decision: answer.decision, at: now, textVersion: answer.textVersion, textSha256: answer.textSha256,
      language: answer.language, typedName: answer.typedName, ip, deviceSummary: deviceLine, extensionMinutes: null, allowObservers: answer.allowObservers,
    });
    await auditSession(deps, tx, current, agentActor(current, answer.typedName), 'session.consent_recorded', {
      decision: answer.decision, textVersion: answer.textVersion, textSha256: answer.textSha256, language: answer.language,
      typedName: answer.typedName, allowObservers: answer.allowObservers, ip, device: deviceLine,
    });
    // Answered either way: the consent timer must not end the session as unanswered meanwhile.
    await tx.timers.clear(timerKey.consent(sessionId));
    if (answer.decision === 'decline') return current;
    const granted = deps.config.session.defaultMinutes;
    const deadlineAt = new Date(deadlineAfter(Date.parse(now), granted)).toISOString();
    const started = await tx.sessions.update(sessionId, { status: next, startedAt: now, grantedMinutes: granted, deadlineAt, allowObservers: answer.allowObservers, warningsSent: [] });
    await auditSession(deps, tx, current, SYSTEM, 'session.started', { grantedMinutes: granted, deadlineAt });
    await scheduleTimeLimit(deps, tx, started);
    return started;
  });
  if (answer.decision === 'decline') {
    await endSession(deps, sessionId, 'user_declined', agentActor(s, answer.typedName));
    return { deadline: null, iceServers: [] };
  }
  await broadcastState(deps, sessionId);
  // The agent starts one peer per viewer already watching.
  for (const viewer of await deps.presence.viewers(sessionId)) {
    if (viewer.role === 'owner' || s.allowObservers) deps.notify.toAgent(sessionId, 'viewer:joined', { viewerId: viewer.viewerId, role: viewer.role, name: viewer.name });
  }
  return { deadline: deadlineOf(deps, s), iceServers: iceServersFor(deps.config.ice, `session-${sessionId}`, deps.clock.now()) };
}

