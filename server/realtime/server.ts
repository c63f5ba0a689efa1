import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Server as Engine } from 'engine.io';
import { Server, type ServerOptions } from 'socket.io';
import { AppError } from '../../shared/errors.js';
import { AGENT_NAMESPACE, STAFF_NAMESPACE } from '../../shared/protocol/events.js';
import type { AppContext } from '../context.js';
import type { SessionDeps } from '../sessions/deps.js';
import type { Notifier } from '../sessions/ports.js';
import { type AgentNamespace, registerAgentNamespace } from './agentNamespace.js';
import type { PresenceRegistry } from './presence.js';
import { agentRoom, viewerRoom } from './rooms.js';
import { cutOffUser, registerStaffNamespace, type StaffNamespace } from './staffNamespace.js';

/** Transport hygiene, not business time: how long an ended session's agent connection lingers. */
const AGENT_CLOSE_DELAY_MS = 1000;

/** The one path socket.io's clients use (both transports, both namespaces). */
export const REALTIME_PATH = '/socket.io/';

export interface Realtime {
  io: Server;
  notify: Notifier;
  presence: PresenceRegistry;
  /** Registers the namespaces' handlers once the session logic exists. */
  attach(deps: SessionDeps & Pick<AppContext, 'tokens'>): void;
  /** Whether a request is socket.io's: those, and only those, go to `handleRequest` / `handleUpgrade`. */
  owns(req: IncomingMessage): boolean;
  /** A long-polling request (handshake, poll or post). */
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  /** A WebSocket upgrade (a direct connection, or polling upgrading). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every staff connection of a user at once (its access changed). */
  cutOffUser(userId: number): void;
  /**
   * Records again who is connected to this node (it had been taken for dead by the others,
   * who handed over what it held).
   */
  reassertPresence(store: AppContext['store']): Promise<void>;
  /** Closes every connection (the clients reconnect, to another node), then waits for their disconnects' work. */
  close(): Promise<void>;
}

/**
 * Origins a browser may connect from: the configured list, or else this server's own.
 * socket.io's `cors` option only sets response headers; it does not refuse a WebSocket
 * handshake from a foreign page. This check does. Non-browser clients (the agent) send no Origin.
 */
function originAllowed(config: AppContext['config'], ownPort: number | undefined, origin: string): boolean {
  if (config.allowedOrigins) return config.allowedOrigins.includes(origin);
  return [`http://127.0.0.1:${ownPort}`, `http://localhost:${ownPort}`, `http://${config.host}:${ownPort}`].includes(origin);
}

const originRefusal = () => JSON.stringify(new AppError('ORIGIN_REFUSED', 'A realtime connection from this page’s origin is not allowed.').toBody());

/**
 * The socket.io server, with its engine routed explicitly: the HTTP server hands it exactly the
 * requests on `REALTIME_PATH` and nothing else reaches express. (socket.io's own `attach`
 * re-wires the `request` listeners present at that moment; a listener added later — express —
 * would answer socket.io's requests too, and two answers to one request crash the process.)
 * A foreign origin is refused here, before the engine sees the request, with the API's error
 * body on both transports.
 */
export interface RealtimeOptions {
  /** Who is connected: this node's memory, or Redis for several nodes. */
  presence: PresenceRegistry;
  /** socket.io's adapter for several nodes (rooms and broadcasts across them); none on one node. */
  adapter?: ServerOptions['adapter'];
}

export function createRealtime(ctx: Pick<AppContext, 'config' | 'logger'>, ownPort: () => number | undefined, options: RealtimeOptions): Realtime {
  const log = ctx.logger.child({ component: 'realtime' });
  // Signals, consent answers and diagnostics results are small; anything bigger is refused.
  const engine = new Engine({ maxHttpBufferSize: ctx.config.socketMaxMessageKb * 1024 });
  engine.on('connection_error', (error: { code: number; message: string }) => log.warn({ engineCode: error.code }, `realtime request refused: ${error.message}`));
  const io = new Server({
    serveClient: false,
    // Recovery replays missed events after a short drop, but the middlewares (auth) run again.
    // With the Redis adapter the sessions to recover are kept in Redis, so a client that lost its
    // node recovers on another one.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });
  io.bind(engine);
  // socket.io types one event map per server; ours has none of its own, and each namespace has
  // its maps from `shared/`. Narrowing a namespace to its maps is the one assertion this needs
  // (checked by the compiler as compatible); everything past it — handler tables, emits, socket
  // data — is type-checked against those maps.
  const agents = io.of(AGENT_NAMESPACE) as AgentNamespace;
  const staff = io.of(STAFF_NAMESPACE) as StaffNamespace;
  const { presence } = options;
  const unsettled = new Set<Promise<unknown>>();
  const settle = (work: Promise<unknown>) => {
    unsettled.add(work);
    void work.finally(() => unsettled.delete(work));
  };

  const foreignOrigin = (req: IncomingMessage): boolean => {
    const origin = req.headers.origin;
    if (!origin || originAllowed(ctx.config, ownPort(), origin)) return false;
    log.warn({ origin, code: 'ORIGIN_REFUSED' }, 'realtime handshake from a foreign origin refused');
    return true;
  };

  const notify: Notifier = {
    toAgent: (sessionId, event, ...args) => {
      agents.to(agentRoom(sessionId)).emit(event, ...args);
    },
    toViewers: (sessionId, event, ...args) => {
      staff.to(viewerRoom(sessionId)).emit(event, ...args);
    },
    toViewer: (viewerId, event, ...args) => {
      staff.to(viewerId).emit(event, ...args);
    },
    disconnectAgent: (sessionId) => {
      // Not at once: the ack of the request that ended the session and the `session:ended`
      // event must reach the agent first. The session is already ended in the store, so
      // nothing is relayed in the meantime.
      setTimeout(() => agents.in(agentRoom(sessionId)).disconnectSockets(true), AGENT_CLOSE_DELAY_MS).unref();
    },
    releaseViewers: (sessionId) => {
      staff.in(viewerRoom(sessionId)).socketsLeave(viewerRoom(sessionId));
      presence.clear(sessionId).catch((error: unknown) => log.error({ err: error, sessionId }, 'clearing an ended session’s presence failed'));
    },
  };
  return {
    io,
    notify,
    presence,
    attach: (deps) => {
      registerAgentNamespace(agents, deps, { presence, settle });
      registerStaffNamespace(staff, deps, { presence, settle });
    },
    owns: (req) => (req.url ?? '').split('?')[0] === REALTIME_PATH,
    handleRequest: (req, res) => {
      if (!foreignOrigin(req)) return engine.handleRequest(req, res);
      res.writeHead(403, { 'Content-Type': 'application/json; charset=utf-8' }).end(originRefusal());
    },
    handleUpgrade: (req, socket, head) => {
      if (!foreignOrigin(req)) return engine.handleUpgrade(req, socket, head);
      const body = originRefusal();
      socket.on('error', (error) => log.debug({ err: error }, 'refused upgrade socket failed while closing'));
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    },
    cutOffUser: (userId) => cutOffUser(staff, userId),
    reassertPresence: async (store) => {
      for (const socket of agents.sockets.values()) await presence.setAgent(socket.data.sessionId, socket.id);
      for (const socket of staff.sockets.values()) {
        for (const sessionId of socket.data.watching) {
          const s = await store.read.sessions.byId(sessionId);
          if (!s || s.status === 'ended') continue;
          const { user } = socket.data;
          await presence.addViewer(sessionId, { viewerId: socket.id, userId: user.id, name: user.displayName, role: s.engineerId === user.id ? 'owner' : 'observer' });
        }
      }
    },
    close: async () => {
      await io.close();
      while (unsettled.size > 0) await Promise.allSettled([...unsettled]);
    },
  };
}
