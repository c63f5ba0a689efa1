import type { Presence, ViewerPresence } from '../sessions/ports.js';
import { ViewerRegistry } from './rooms.js';

/**
 * Who is connected, as the realtime layer records it: in this process's memory on one node
 * (`LocalPresence`), in Redis across several (`server/cluster/presence.ts`), where a node that
 * dies takes its entries with it.
 */
export interface PresenceRegistry extends Presence {
  /** The session's agent is now connected as `socketId` (a newer connection replaces an older one). */
  setAgent(sessionId: number, socketId: string): Promise<void>;
  /** The agent's connection `socketId` went away: whether it was the session's current one. */
  removeAgent(sessionId: number, socketId: string): Promise<boolean>;
  addViewer(sessionId: number, viewer: ViewerPresence): Promise<void>;
  viewer(sessionId: number, viewerId: string): Promise<ViewerPresence | undefined>;
  /** The viewer went away: what it was, if it was still watching. */
  removeViewer(sessionId: number, viewerId: string): Promise<ViewerPresence | undefined>;
  /** The session ended: nobody is in it any more. */
  clear(sessionId: number): Promise<void>;
}

/** What a namespace's handlers record presence with. */
export interface NamespaceParts {
  presence: PresenceRegistry;
  /** Work a disconnect started, which a shutdown waits for before it closes the store. */
  settle: (work: Promise<unknown>) => void;
}

/** One node's presence, in memory: what it holds is exactly what is connected to it. */
export class LocalPresence implements PresenceRegistry {
  private readonly agents = new Map<number, string>();
  private readonly registry = new ViewerRegistry();

  agentConnected(sessionId: number): Promise<boolean> {
    return Promise.resolve(this.agents.has(sessionId));
  }

  viewers(sessionId: number): Promise<ViewerPresence[]> {
    return Promise.resolve(this.registry.list(sessionId));
  }

  setAgent(sessionId: number, socketId: string): Promise<void> {
    this.agents.set(sessionId, socketId);
    return Promise.resolve();
  }

  removeAgent(sessionId: number, socketId: string): Promise<boolean> {
    const current = this.agents.get(sessionId) === socketId;
    if (current) this.agents.delete(sessionId);
    return Promise.resolve(current);
  }

  addViewer(sessionId: number, viewer: ViewerPresence): Promise<void> {
    this.registry.add(sessionId, viewer);
    return Promise.resolve();
  }

  viewer(sessionId: number, viewerId: string): Promise<ViewerPresence | undefined> {
    return Promise.resolve(this.registry.get(sessionId, viewerId));
  }

  removeViewer(sessionId: number, viewerId: string): Promise<ViewerPresence | undefined> {
    return Promise.resolve(this.registry.remove(sessionId, viewerId));
  }

  clear(sessionId: number): Promise<void> {
    this.agents.delete(sessionId);
    this.registry.clear(sessionId);
    return Promise.resolve();
  }
}
