import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { AGENT_NAMESPACE, STAFF_NAMESPACE } from '../../shared/protocol/events.js';
import type { AppContext } from '../context.js';
import type { SessionDeps } from '../sessions/deps.js';
import type { Notifier, Presence } from '../sessions/ports.js';
import { type AgentNamespace, registerAgentNamespace } from './agentNamespace.js';
import { agentRoom, ViewerRegistry, viewerRoom } from './rooms.js';
import { registerStaffNamespace, type StaffNamespace } from './staffNamespace.js';

/** Transport hygiene, not business time: how long an ended session's agent connection lingers. */
const AGENT_CLOSE_DELAY_MS = 1000;

export interface Realtime {
  io: Server;
  notify: Notifier;
  presence: Presence;
  /** Registers the namespaces' handlers once the session logic exists. */
  attach(deps: SessionDeps & Pick<AppContext, 'tokens'>): void;
}

/**
 * Origins a browser may connect from: the configured list, or else this server's own.
 * socket.io's `cors` option only sets response headers; it does not refuse a WebSocket
 * handshake from a foreign page. This check does. Non-browser clients (the agent) send no Origin.
 */
function originAllowed(config: AppContext['config'], httpServer: HttpServer, origin: string): boolean {
  if (config.allowedOrigins) return config.allowedOrigins.includes(origin);
  const port = (httpServer.address() as AddressInfo | null)?.port;
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://${config.host}:${port}`].includes(origin);
}

export function createRealtime(httpServer: HttpServer, ctx: Pick<AppContext, 'config' | 'logger'>): Realtime {
  const log = ctx.logger.child({ component: 'realtime' });
  const io = new Server(httpServer, {
    serveClient: false,
    // Signals, consent answers and diagnostics results are small; anything bigger is refused.
    maxHttpBufferSize: ctx.config.socketMaxMessageKb * 1024,
    // Recovery replays missed events after a short drop, but the middlewares (auth) run again.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      if (!origin || originAllowed(ctx.config, httpServer, origin)) return callback(null, true);
      log.warn({ origin }, 'realtime handshake from a foreign origin refused');
      callback('ORIGIN_REFUSED', false);
    },
  });
  const agents = io.of(AGENT_NAMESPACE) as unknown as AgentNamespace;
  const staff = io.of(STAFF_NAMESPACE) as unknown as StaffNamespace;
  const registry = new ViewerRegistry();

  const presence: Presence = {
    agentConnected: (sessionId) => (agents.adapter.rooms.get(agentRoom(sessionId))?.size ?? 0) > 0,
    viewers: (sessionId) => registry.list(sessionId),
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
      registry.clear(sessionId);
    },
  };
  return {
    io,
    notify,
    presence,
    attach: (deps) => {
      registerAgentNamespace(agents, deps);
      registerStaffNamespace(staff, deps, registry);
    },
  };
}
