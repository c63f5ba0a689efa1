import type { Namespace, Socket } from 'socket.io';
import { AppError } from '../../shared/errors.js';
import { AgentAuth, AgentHello, AgentPing, AgentSignal, AgentStop, HandoverRequest, PlaybackCheckSubmission, type AgentClientEvents, type AgentServerEvents } from '../../shared/protocol/events.js';
import { SessionAction } from '../../shared/protocol/actions.js';
import { ConsentAnswer, ExtensionAnswer } from '../../shared/protocol/session.js';
import { parse } from '../../shared/validation.js';
import { agentActor } from '../access/actors.js';
import { sessionAllows } from '../domain/sessions/stateMachine.js';
import { WindowBudget } from '../security/windowBudget.js';
import { handOverToAgent, recordPlaybackCheck } from '../sessions/browserSession.js';
import { hello, recordConsent } from '../sessions/consent.js';
import type { SessionDeps } from '../sessions/deps.js';
import { endSession } from '../sessions/ending.js';
import { answerExtension } from '../sessions/extensions.js';
import { joinWithCode, resumeWithToken } from '../sessions/join.js';
import { agentConnected, agentDisconnected } from '../sessions/presence.js';
import { recordAgentAction, relayFromAgent } from '../sessions/relay.js';
import { deadlineOf } from '../sessions/views.js';
import { connectError, type HandlerTable, registerHandlers } from './handle.js';
import type { NamespaceParts, PresenceRegistry } from './presence.js';
import { agentRoom } from './rooms.js';

export interface AgentSocketData {
  sessionId: number;
  sessionToken: string;
  ip: string;
}
export type AgentNamespace = Namespace<AgentClientEvents, AgentServerEvents, Record<string, never>, AgentSocketData>;
type AgentSocket = Socket<AgentClientEvents, AgentServerEvents, Record<string, never>, AgentSocketData>;

/** A check takes ~10 s and stores ~20 KB: a handful of reruns, not a way to fill the store. */
export const PLAYBACK_CHECKS_PER_10_MINUTES = 20;

/** Every event an agent may send, bound to the one session its connection was admitted to. */
function agentHandlers(deps: SessionDeps, checks: WindowBudget, { sessionId, ip }: AgentSocketData): HandlerTable<AgentClientEvents> {
  return {
    'agent:hello': { schema: AgentHello, run: (p) => hello(deps, sessionId, p) },
    'agent:consent': { schema: ConsentAnswer, run: (p) => recordConsent(deps, sessionId, p, ip) },
    'agent:extension-answer': { schema: ExtensionAnswer, run: (p) => answerExtension(deps, sessionId, p, ip) },
    signal: {
      schema: AgentSignal,
      run: async (p) => {
        await relayFromAgent(deps, sessionId, p.to, p.data);
        return {};
      },
    },
    'session:action': {
      schema: SessionAction,
      run: async (p) => {
        await recordAgentAction(deps, sessionId, p);
        return {};
      },
    },
    'agent:stop': {
      schema: AgentStop,
      run: async (p) => {
        // Stopping a session that has just ended is no error to the user who asked for it.
        await endSession(deps, sessionId, 'user_stopped', agentActor({ id: sessionId }), p.reason ? { note: p.reason } : {});
        return {};
      },
    },
    'agent:ping': { schema: AgentPing, run: ({ seq }) => Promise.resolve({ seq }) },
    'agent:playback-check': {
      schema: PlaybackCheckSubmission,
      run: async ({ measurements }) => {
        const verdict = checks.take(String(sessionId), 1);
        if (!verdict.allowed) {
          const retryAfterSeconds = Math.ceil(verdict.retryAfterMs / 1000);
          throw new AppError('RATE_LIMITED', `Too many playback checks in this session; try again in ${retryAfterSeconds} s.`, { details: { retryAfterSeconds } });
        }
        return recordPlaybackCheck(deps, sessionId, measurements);
      },
    },
    'agent:handover': { schema: HandoverRequest, run: () => handOverToAgent(deps, sessionId) },
  };
}

/**
 * The end-user agents' namespace. A connection is admitted with a join code (once) or the
 * session token it was exchanged for; every event is bound to that one session.
 */
export function registerAgentNamespace(agents: AgentNamespace, deps: SessionDeps, { presence, settle }: NamespaceParts): void {
  const log = deps.logger.child({ namespace: 'agent' });
  const checks = new WindowBudget({ limit: PLAYBACK_CHECKS_PER_10_MINUTES, windowMs: 10 * 60_000 }, deps.clock);

  agents.use((socket, next) => {
    const ip = socket.handshake.address;
    Promise.resolve()
      .then(async () => {
        const auth = parse(AgentAuth, socket.handshake.auth, 'handshake');
        if ('joinCode' in auth) {
          const { session, token } = await joinWithCode(deps, auth.joinCode, ip);
          socket.data = { sessionId: session.id, sessionToken: token, ip };
        } else {
          const session = await resumeWithToken(deps, auth.sessionToken, ip);
          socket.data = { sessionId: session.id, sessionToken: auth.sessionToken, ip };
        }
      })
      .then(() => next(), (error: unknown) => next(connectError(error, log, 'agent')));
  });

  agents.on('connection', (socket: AgentSocket) => {
    const { sessionId } = socket.data;
    void onConnection(agents, socket, deps, presence).catch((error: unknown) => {
      // Half set up (not in the session's room, no welcome), the agent would hear nothing, not even
      // the end: cut it off, so that it connects again — to this node or another.
      log.error({ err: error, sessionId }, 'agent connection setup failed; disconnecting it');
      socket.disconnect(true);
    });
    registerHandlers(socket, log, agentHandlers(deps, checks, socket.data));
    socket.on('disconnect', () => {
      // Only the session's current connection going away counts: one a newer one replaced does not.
      settle(
        presence
          .removeAgent(sessionId, socket.id)
          .then(
            (wasCurrent) => (wasCurrent ? agentDisconnected(deps, sessionId) : undefined),
            // Presence unknown (Redis away): start the grace anyway — when it lapses, the timer
            // looks again whether the agent is back before it ends anything.
            (error: unknown) => {
              log.error({ err: error, sessionId }, 'agent presence not updated on disconnect; starting the grace anyway');
              return agentDisconnected(deps, sessionId);
            },
          )
          .catch((error: unknown) => log.error({ err: error, sessionId }, 'agent disconnect handling failed')),
      );
    });
  });
}

async function onConnection(agents: AgentNamespace, socket: AgentSocket, deps: SessionDeps, presence: PresenceRegistry): Promise<void> {
  const { sessionId, sessionToken } = socket.data;
  // One agent per session: a newer connection with the token replaces an older one, on any node.
  await presence.setAgent(sessionId, socket.id);
  agents.in(agentRoom(sessionId)).except(socket.id).disconnectSockets(true);
  await socket.join(agentRoom(sessionId));
  const s = await deps.store.read.sessions.byId(sessionId);
  if (!s) return;
  // Peers only where signals may flow: in a session that is not running, nobody to start one with.
  const viewers = sessionAllows(s.status, 'relay') ? (await deps.presence.viewers(sessionId)).filter((v) => v.role === 'owner' || s.allowObservers) : [];
  socket.emit('session:welcome', {
    sessionId,
    sessionToken,
    status: s.status,
    deadline: deadlineOf(deps, s),
    viewers: viewers.map((v) => ({ viewerId: v.viewerId, role: v.role })),
  });
  await agentConnected(deps, sessionId);
}
