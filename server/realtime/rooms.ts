import type { ViewerPresence } from '../sessions/ports.js';

export const agentRoom = (sessionId: number) => `session:${sessionId}:agent`;
export const viewerRoom = (sessionId: number) => `session:${sessionId}:viewers`;
/** Every staff socket of one user, to close them together when the user's access changes. */
export const userRoom = (userId: number) => `user:${userId}`;

/** Which staff sockets watch which session, in which role. */
export class ViewerRegistry {
  private readonly bySession = new Map<number, Map<string, ViewerPresence>>();

  add(sessionId: number, viewer: ViewerPresence): void {
    let viewers = this.bySession.get(sessionId);
    if (!viewers) {
      viewers = new Map<string, ViewerPresence>();
      this.bySession.set(sessionId, viewers);
    }
    viewers.set(viewer.viewerId, viewer);
  }

  get(sessionId: number, viewerId: string): ViewerPresence | undefined {
    return this.bySession.get(sessionId)?.get(viewerId);
  }

  remove(sessionId: number, viewerId: string): ViewerPresence | undefined {
    const viewers = this.bySession.get(sessionId);
    const viewer = viewers?.get(viewerId);
    viewers?.delete(viewerId);
    if (viewers?.size === 0) this.bySession.delete(sessionId);
    return viewer;
  }

  list(sessionId: number): ViewerPresence[] {
    return [...(this.bySession.get(sessionId)?.values() ?? [])];
  }

  clear(sessionId: number): void {
    this.bySession.delete(sessionId);
  }
}
