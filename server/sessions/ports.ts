import type { AgentServerEvents, StaffServerEvents, ViewerRole } from '../../shared/protocol/events.js';

/** A staff member watching a session through the viewer. */
export interface ViewerPresence {
  viewerId: string;
  userId: number;
  name: string;
  role: ViewerRole;
}

/**
 * Who is connected right now. Kept by the realtime layer; the session logic only asks.
 */
export interface Presence {
  agentConnected(sessionId: number): boolean;
  viewers(sessionId: number): ViewerPresence[];
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
