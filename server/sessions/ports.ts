import type { AgentServerEvents, StaffServerEvents, ViewerRole } from '../../shared/protocol/events.js';

/** A staff member watching a session through the viewer. */
export interface ViewerPresence {
  viewerId: string;
  userId: number;
  name: string;
  role: ViewerRole;
}

/**
 * Who is connected right now, on any node. Kept by the realtime layer (in memory on one node,
 * in Redis across several); the session logic only asks.
 */
export interface Presence {
  agentConnected(sessionId: number): Promise<boolean>;
  viewers(sessionId: number): Promise<ViewerPresence[]>;
}

/** What a node that died held: a session's agent (if it was there) and its viewers there. */
export interface LostPresence {
  sessionId: number;
  agent: boolean;
  viewers: ViewerPresence[];
}

/**
 * The firing of stored timers: told of a due-time just stored, so that it fires at that time
 * (timers are written with the change that sets them, in its transaction: `tx.timers`).
 */
export interface TimerWake {
  wake(atMs: number): void;
}

/**
 * How the session logic speaks to the connected sides, without knowing about socket.io.
 */
export interface Notifier {
  toAgent<E extends keyof AgentServerEvents>(sessionId: number, event: E, ...args: Parameters<AgentServerEvents[E]>): void;
  toViewers<E extends keyof StaffServerEvents>(sessionId: number, event: E, ...args: Parameters<StaffServerEvents[E]>): void;
  toViewer<E extends keyof StaffServerEvents>(viewerId: string, event: E, ...args: Parameters<StaffServerEvents[E]>): void;
  /** Closes the agent's connection (after the end has been told). */
  disconnectAgent(sessionId: number): void;
  /** Takes every viewer out of the session's room. */
  releaseViewers(sessionId: number): void;
}
