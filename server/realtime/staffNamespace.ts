import type { Namespace, Socket } from 'socket.io';
import { AppError } from '../../shared/errors.js';
import { EndRequest, ExtendRequest, StaffAction, StaffAuth, StaffSignal, WatchRequest, type StaffClientEvents, type StaffServerEvents } from '../../shared/protocol/events.js';
import { parse } from '../../shared/validation.js';
import type { AppContext, AuthUser } from '../context.js';
import { authenticate } from '../services/auth.js';
import { userActor } from '../services/actors.js';
import type { SessionDeps } from '../sessions/deps.js';
import { endSession } from '../sessions/ending.js';
import { requestExtension } from '../sessions/extensions.js';
import { authorizeWatch, viewerJoined, viewerLeft } from '../sessions/presence.js';
import { recordEngineerAction, relayFromViewer } from '../sessions/relay.js';
import { connectError, handler } from './handle.js';
import { type ViewerRegistry, viewerRoom } from './rooms.js';

export interface StaffSocketData {
  token: string;
  user: AuthUser;
  watching: Set<number>;
}
export type StaffNamespace = Namespace<StaffClientEvents, StaffServerEvents, Record<string, never>, StaffSocketData>;
type StaffSocket = Socket<StaffClientEvents, StaffServerEvents, Record<string, never>, StaffSocketData>;

const VIEWER_ROLES = new Set(['engineer', 'admin']);

/**
 * The staff viewers' namespace: the same JWT as the REST API, in the handshake `auth` (never in
 * the URL). The user is checked again on every event, so disabling an account or changing its
 * role cuts it off at once.
 */
export function registerStaffNamespace(staff: StaffNamespace, deps: SessionDeps & Pick<AppContext, 'tokens'>, registry: ViewerRegistry): void {
  const log = deps.logger.child({ namespace: 'staff' });
  const currentUser = async (socket: StaffSocket): Promise<AuthUser> => {
    const user = await authenticate(deps, socket.data.token);
    if (!VIEWER_ROLES.has(user.role)) throw new AppError('FORBIDDEN', 'Only engineers and admins watch live sessions.');
    return user;
  };

  staff.use((socket, next) => {
    Promise.resolve()
      .then(async () => {
        const { token } = parse(StaffAuth, socket.handshake.auth, 'handshake');
        // A recovered connection keeps the sessions it watched; it is authenticated again all the same.
        const watching = (socket.data as Partial<StaffSocketData> | undefined)?.watching ?? new Set<number>();
        socket.data = { token, user: await authenticate(deps, token), watching };
        await currentUser(socket);
      })
      .then(() => next(), (error: unknown) => next(connectError(error, log, 'staff')));
  });

  const watch = async (socket: StaffSocket, sessionId: number) => {
    const user = await currentUser(socket);
    const result = await authorizeWatch(deps, user, sessionId);
    const viewer = { viewerId: socket.id, userId: user.id, name: user.displayName, role: result.role };
    registry.add(sessionId, viewer);
    socket.data.watching.add(sessionId);
    await socket.join(viewerRoom(sessionId));
    await viewerJoined(deps, sessionId, viewer);
    return { ...result, viewerId: socket.id };
  };

  staff.on('connection', (socket: StaffSocket) => {
    const viewerOf = (sessionId: number) => registry.get(sessionId, socket.id);
    if (socket.recovered) {
      for (const sessionId of [...socket.data.watching]) {
        watch(socket, sessionId).catch((error: unknown) => {
          socket.data.watching.delete(sessionId);
          void socket.leave(viewerRoom(sessionId));
          log.warn({ err: error, sessionId }, 'a recovered viewer may no longer watch');
        });
      }
    }

    socket.on('session:watch', handler(log, 'session:watch', WatchRequest, ({ sessionId }) => watch(socket, sessionId)));
    socket.on('signal', handler(log, 'signal', StaffSignal, async ({ sessionId, data }) => {
      await relayFromViewer(deps, await currentUser(socket), viewerOf(sessionId), sessionId, data);
      return {};
    }));
    socket.on('session:extend', handler(log, 'session:extend', ExtendRequest, async ({ sessionId, minutes, reason }) =>
      requestExtension(deps, await currentUser(socket), sessionId, minutes, reason),
    ));
    socket.on('session:end', handler(log, 'session:end', EndRequest, async ({ sessionId }) => {
      const user = await currentUser(socket);
      const s = await deps.store.read.sessions.byId(sessionId);
      if (!s) throw new AppError('NOT_FOUND', `No session ${sessionId}.`);
      if (s.engineerId !== user.id) throw new AppError('NOT_SESSION_PARTICIPANT', 'Only the engineer who owns the session ends it.');
      if (s.status === 'ended') throw new AppError('SESSION_ENDED', 'The session has already ended.');
      await endSession(deps, sessionId, 'engineer_ended', userActor(user));
      return {};
    }));
    socket.on('session:action', handler(log, 'session:action', StaffAction, async ({ sessionId, action }) => {
      await recordEngineerAction(deps, await currentUser(socket), viewerOf(sessionId), sessionId, action);
      return {};
    }));
    socket.on('disconnect', () => {
      for (const sessionId of socket.data.watching) {
        const viewer = registry.remove(sessionId, socket.id);
        if (viewer) void viewerLeft(deps, sessionId, viewer).catch((error: unknown) => log.error({ err: error, sessionId }, 'viewer disconnect handling failed'));
      }
    });
  });
}
