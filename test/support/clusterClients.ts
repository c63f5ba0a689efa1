import { io, type Socket } from 'socket.io-client';
import { ServerChannel } from '../../agent/channel.js';
import { STAFF_ACK_RESULTS } from '../../shared/protocol/ackResults.js';
import { emitWithAck, type AckSuccess, type PayloadArgs } from '../../shared/protocol/emitWithAck.js';
import type { AgentWelcome, StaffClientEvents, StaffServerEvents } from '../../shared/protocol/events.js';

type StaffSocket = Socket<StaffServerEvents, StaffClientEvents>;

/**
 * The engineer's viewer as the web app's `LiveConnection` (viewer/src/live/connection.ts) runs
 * it, in Node: the staff socket with socket.io's automatic reconnection, watching the session
 * again on every (re)connection. (The web app itself needs a browser; its connection logic is
 * this.)
 */
export class ReconnectingViewer {
  readonly socket: StaffSocket;
  /** The viewer id of the latest watch. */
  viewerId = '';
  /** Every (re)connection's watch, in order. */
  readonly watches: Array<{ viewerId: string; at: number }> = [];

  private constructor(socket: StaffSocket) {
    this.socket = socket;
  }

  static async open(url: string, token: string, sessionId: number): Promise<ReconnectingViewer> {
    const socket: StaffSocket = io(`${url}/staff`, { auth: { token }, transports: ['websocket'], ackTimeout: 10_000, forceNew: true });
    const viewer = new ReconnectingViewer(socket);
    const firstWatch = new Promise<void>((resolve, reject) => {
      socket.on('connect', () => {
        void viewer.request('session:watch', { sessionId }).then((r) => {
          viewer.viewerId = r.viewerId;
          viewer.watches.push({ viewerId: r.viewerId, at: Date.now() });
          resolve();
        }, reject);
      });
      socket.once('connect_error', reject);
    });
    await firstWatch;
    return viewer;
  }

  request<K extends keyof StaffClientEvents>(event: K, ...payload: PayloadArgs<StaffClientEvents[K]>): Promise<AckSuccess<StaffClientEvents[K]>> {
    return emitWithAck(this.socket, STAFF_ACK_RESULTS, event, ...payload);
  }

  /** Resolves once a watch after `count` earlier ones succeeded (a reconnection). */
  async watched(count: number, timeoutMs = 15_000): Promise<void> {
    const start = Date.now();
    while (this.watches.length <= count) {
      if (Date.now() - start > timeoutMs) throw new Error(`the viewer did not watch again within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.socket.close();
  }
}

/** The end user's agent connection: the agent's own `ServerChannel` (join code once, then the token; reconnects by itself). */
export async function joinAsAgent(url: string, code: string): Promise<ServerChannel> {
  return ServerChannel.connect(url, code, () => undefined);
}

/** The next `session:welcome` on an agent's channel (sent after every (re)connection). */
export function nextWelcome(channel: ServerChannel, timeoutMs = 15_000): Promise<AgentWelcome> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no welcome within ${timeoutMs} ms`)), timeoutMs);
    channel.socket.once('session:welcome', (welcome) => {
      clearTimeout(timer);
      resolve(welcome);
    });
  });
}

/** The next `event` on a socket (either side's, typed or not). */
export function nextOn<T = any>(socket: { once(event: string, listener: (...payload: any[]) => void): unknown }, event: string, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Every `event` the socket receives from now on. */
export function collectOn<T = any>(socket: { on(event: string, listener: (...payload: any[]) => void): unknown }, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}
