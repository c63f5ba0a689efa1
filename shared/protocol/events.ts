import { z } from 'zod';
import type { ErrorCode, FieldIssues } from '../errors.js';
import { Id } from '../schemas/common.js';
import { SessionAction } from './actions.js';
import type { PlaybackCheckView } from '../playbackCheck/records.js';
import { BrowserInfo, HardwareInfo, PlaybackMeasurements } from '../playbackCheck/measurements.js';
import { DeviceReport } from './device.js';
import { ConsentAnswer, type ConsentRequest, type Deadline, type EndReason, ExtensionAnswer, type ExtensionRequest, type SessionView } from './session.js';
import { type IceServer, SignalData } from './signal.js';

/** Socket.io namespaces: one for end-user agents, one for staff viewers. */
export const AGENT_NAMESPACE = '/agent';
export const STAFF_NAMESPACE = '/staff';

/** Every client→server event is acknowledged with this: success, or an error a client can switch on. */
export type AckError = { code: ErrorCode; message: string; fields?: FieldIssues; details?: Record<string, unknown> };
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: AckError };
type AckFn<T extends object = object> = (response: Ack<T>) => void;

/** socket.io-client adds these to `auth` when it asks to recover a dropped connection. */
const recovery = { pid: z.string().max(64).optional(), offset: z.string().max(64).optional() };

/** The agent's handshake `auth`: the join code the first time, the session token afterwards. */
export const AgentAuth = z.union([
  z.strictObject({ joinCode: z.string().max(32), ...recovery }),
  z.strictObject({ sessionToken: z.string().max(128), ...recovery }),
]);
export type AgentAuth = z.infer<typeof AgentAuth>;

/** The staff viewer's handshake `auth`: the same JWT as the REST API, never in the URL. */
export const StaffAuth = z.strictObject({ token: z.string().max(4096), ...recovery });

// ── agent → server ────────────────────────────────────────────────────────────
/** The agent program's hello: its device, from the PC itself. `kind` may be left out. */
export const ProgramHello = z.strictObject({
  kind: z.literal('agent').optional(),
  device: DeviceReport,
  language: z.enum(['ko', 'en']),
  agentVersion: z.string().max(50),
});
export type ProgramHello = z.infer<typeof ProgramHello>;

/**
 * The join page's hello (`kind: "browser"`): what the browser tells of itself — the same
 * measurements as the playback check's device probes. The server makes the session's device
 * report from it; the session is view only.
 */
export const BrowserHello = z.strictObject({
  kind: z.literal('browser'),
  browser: BrowserInfo,
  screen: z.strictObject({ width: z.number().int().min(0).max(100_000), height: z.number().int().min(0).max(100_000), pixelRatio: z.number().finite().min(0).max(100) }),
  hardware: HardwareInfo,
  /** Whether this browser can share its screen (desktop, with getDisplayMedia). */
  canShareScreen: z.boolean(),
  language: z.enum(['ko', 'en']),
  agentVersion: z.string().max(50),
});
export type BrowserHello = z.infer<typeof BrowserHello>;

export const AgentHello = z.union([ProgramHello, BrowserHello]);
export type AgentHello = z.infer<typeof AgentHello>;

/**
 * What the hello's answer offers a browser session besides the consent: whether "Let the
 * engineer control my PC" is open to this device (the support policy, §3), and for which agent
 * build. Absent for the agent program.
 */
export const RemoteControlOffer = z.object({
  offered: z.boolean(),
  /** `in_policy`: offered; `not_in_policy`: the system is outside §3; `no_agent_for_system`: in §3, but no agent program runs there (phones). */
  reason: z.enum(['in_policy', 'not_in_policy', 'no_agent_for_system']),
  target: z.enum(['win-x64', 'linux-x64']).nullable(),
});
export type RemoteControlOffer = z.infer<typeof RemoteControlOffer>;

/** One run of the video-playback check, as the page measured it: the server evaluates it itself. */
export const PlaybackCheckSubmission = z.strictObject({ measurements: PlaybackMeasurements });

/** A signal for one viewer (each viewer has its own peer connection with the agent). */
export const AgentSignal = z.strictObject({ to: z.string().max(64), data: SignalData });
export const AgentStop = z.strictObject({ reason: z.string().max(500).optional() });
/** A round trip for the network diagnostic (latency, jitter, loss). */
export const AgentPing = z.strictObject({ seq: z.number().int().min(0) });

export interface AgentClientEvents {
  'agent:hello': (payload: AgentHello, ack: AckFn<{ consent: ConsentRequest; remoteControl?: RemoteControlOffer }>) => void;
  'agent:consent': (payload: ConsentAnswer, ack: AckFn<{ deadline: Deadline | null; iceServers: IceServer[] }>) => void;
  'agent:extension-answer': (payload: ExtensionAnswer, ack: AckFn<{ deadline: Deadline }>) => void;
  signal: (payload: z.infer<typeof AgentSignal>, ack: AckFn) => void;
  'session:action': (payload: SessionAction, ack: AckFn) => void;
  'agent:stop': (payload: z.infer<typeof AgentStop>, ack: AckFn) => void;
  'agent:ping': (payload: z.infer<typeof AgentPing>, ack: AckFn<{ seq: number }>) => void;
  'agent:playback-check': (payload: z.infer<typeof PlaybackCheckSubmission>, ack: AckFn<{ check: PlaybackCheckView }>) => void;
  'agent:handover': (payload: z.infer<typeof HandoverRequest>, ack: AckFn<{ expiresAt: string }>) => void;
}

/**
 * A browser session hands over to the agent program ("Let the engineer control my PC"): this
 * session ends and the same join code opens a new one for the program, for the code's lifetime.
 */
export const HandoverRequest = z.strictObject({});

export interface AgentWelcome {
  sessionId: number;
  /** Keep it for reconnects: the join code is single-use. */
  sessionToken: string;
  status: 'waiting' | 'consent_pending' | 'active' | 'ended';
  deadline: Deadline | null;
  /** Viewers already connected (after a reconnect): start a peer with each. */
  viewers: Array<{ viewerId: string; role: 'owner' | 'observer' }>;
}

export interface AgentServerEvents {
  'session:welcome': (welcome: AgentWelcome) => void;
  'viewer:joined': (viewer: { viewerId: string; role: 'owner' | 'observer'; name: string }) => void;
  'viewer:left': (viewer: { viewerId: string }) => void;
  signal: (payload: { from: string; data: z.infer<typeof SignalData> }) => void;
  'session:warning': (payload: { minutesLeft: number; deadline: Deadline }) => void;
  'session:extension-request': (request: ExtensionRequest) => void;
  'session:extension-expired': (payload: { requestId: string }) => void;
  'session:extended': (payload: { deadline: Deadline }) => void;
  'session:ended': (payload: { reason: EndReason }) => void;
  /** The engineer's chat, to a browser session (the agent program gets it on its data channel). */
  'session:chat': (payload: { text: string; at: string; from: string }) => void;
}

// ── staff → server ────────────────────────────────────────────────────────────
export const WatchRequest = z.strictObject({ sessionId: Id });
export const StaffSignal = z.strictObject({ sessionId: Id, data: SignalData });
export const ExtendRequest = z.strictObject({
  sessionId: Id,
  /** Fractions allowed, for tests and labs; the policy caps the total. */
  minutes: z.number().positive().max(24 * 60),
  reason: z.string().trim().min(3).max(500),
});
export const EndRequest = z.strictObject({ sessionId: Id });
export const StaffAction = z.strictObject({ sessionId: Id, action: SessionAction });

/** How a staff member watches a session: its owning engineer, or an observer the end user allowed. */
export const ViewerRole = z.enum(['owner', 'observer']);
export type ViewerRole = z.infer<typeof ViewerRole>;

export interface StaffClientEvents {
  'session:watch': (payload: z.infer<typeof WatchRequest>, ack: AckFn<{ session: SessionView; role: ViewerRole; viewerId: string; iceServers: IceServer[] }>) => void;
  signal: (payload: z.infer<typeof StaffSignal>, ack: AckFn) => void;
  'session:extend': (payload: z.infer<typeof ExtendRequest>, ack: AckFn<{ requestId: string; expiresInMs: number }>) => void;
  'session:end': (payload: z.infer<typeof EndRequest>, ack: AckFn) => void;
  'session:action': (payload: z.infer<typeof StaffAction>, ack: AckFn) => void;
}

export interface StaffServerEvents {
  'session:state': (session: SessionView) => void;
  signal: (payload: { sessionId: number; data: z.infer<typeof SignalData> }) => void;
  'session:warning': (payload: { sessionId: number; minutesLeft: number; deadline: Deadline }) => void;
  'session:extension-answer': (payload: { sessionId: number; requestId: string; decision: 'accept' | 'decline' | 'expired'; deadline: Deadline | null }) => void;
  /** `handedOverTo`: the session the user continues in, with the agent program (a browser session's handover). */
  'session:ended': (payload: { sessionId: number; reason: EndReason; handedOverTo?: number }) => void;
  'session:action': (payload: { sessionId: number; actor: 'agent' | 'engineer'; action: SessionAction }) => void;
  /** A playback check arrived from the session's browser, evaluated and recorded. */
  'session:playback-check': (payload: { sessionId: number; check: PlaybackCheckView }) => void;
}

export { ConsentAnswer, ExtensionAnswer, SessionAction };
