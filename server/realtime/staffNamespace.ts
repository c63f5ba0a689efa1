import type { Namespace, Socket } from 'socket.io';
import { AppError } from '../../shared/errors.js';
import { EndRequest, ExtendRequest, StaffAction, StaffAuth, StaffSignal, WatchRequest, type StaffClientEvents, type StaffServerEvents } from '../../shared/protocol/events.js';
import { parse } from '../../shared/validation.js';
import type { AuthUser } from '../access/actors.js';
import type { AppContext } from '../context.js';
import { authenticate } from '../services/auth.js';
import type { SessionDeps } from '../sessions/deps.js';
import { endByEngineer } from '../sessions/ending.js';
import { requestExtension } from '../sessions/extensions.js';
import { authorizeWatch, viewerJoined, viewerLeft } from '../sessions/presence.js';
import { recordEngineerAction, relayFromViewer } from '../sessions/relay.js';
import { connectError, type HandlerTable, registerHandlers } from './handle.js';
import { type ViewerRegistry, userRoom, viewerRoom } from './rooms.js';

export interface StaffSocketData {
  token: string;
  user: AuthUser;
  watching: Set<number>;
}
export type StaffNamespace = Namespace<StaffClientEvents, StaffServerEvents, Record<string, never>, StaffSocketData>;
type StaffSocket = Socket<StaffClientEvents, StaffServerEvents, Record<string, never>, StaffSocketData>;
type StaffDeps = SessionDeps & Pick<AppContext, 'tokens'>;

const VIEWER_ROLES = new Set(['engineer', 'admin']);

/**
 * The staff viewers' namespace: the same JWT as the REST API, in the handshake `auth` (never in
 * the URL). The user is checked again on every event; and when an admin disables the account or
 * changes its role or password, `cutOffUser` closes its sockets at once.
 */
export function registerStaffNamespace(staff: StaffNamespace, deps: StaffDeps, registry: ViewerRegistry): void {
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

  const handlers = (socket: StaffSocket): HandlerTable<StaffClientEvents> => {
    const viewerOf = (sessionId: number) => registry.get(sessionId, socket.id);
    return {
      'session:watch': { schema: WatchRequest, run: ({ sessionId }) => watch(socket, sessionId) },
      signal: {
        schema: StaffSignal,
        run: async ({ sessionId, data }) => {
          await relayFromViewer(deps, await currentUser(socket), viewerOf(sessionId), sessionId, data);
          return {};
        },
      },
      'session:extend': {
        schema: ExtendRequest,
        run: async ({ sessionId, minutes, reason }) => requestExtension(deps, await currentUser(socket), sessionId, minutes, reason),
      },
      'session:end': {
        schema: EndRequest,
        run: async ({ sessionId }) => {
          await endByEngineer(deps, await currentUser(socket), sessionId);
          return {};
        },
      },
      'session:action': {
        schema: StaffAction,
        run: async ({ sessionId, action }) => {
          await recordEngineerAction(deps, await currentUser(socket), viewerOf(sessionId), sessionId, action);
          return {};
        },
      },
    };
  };

  staff.on('connection', (socket: StaffSocket) => {
    void socket.join(userRoom(socket.data.user.id));
    if (socket.recovered) {
      for (const sessionId of [...socket.data.watching]) {
        watch(socket, sessionId).catch((error: unknown) => {
          socket.data.watching.delete(sessionId);
          void socket.leave(viewerRoom(sessionId));
          log.warn({ err: error, sessionId }, 'a recovered viewer may no longer watch');
        });
      }
    }
    registerHandlers(socket, log, handlers(socket));
    socket.on('disconnect', () => {
      for (const sessionId of socket.data.watching) {
        const viewer = registry.remove(sessionId, socket.id);
        if (viewer) void viewerLeft(deps, sessionId, viewer).catch((error: unknown) => log.error({ err: error, sessionId }, 'viewer disconnect handling failed'));
      }
    });
  });
}

/**
 * Closes every staff socket of a user at once. Their `disconnect` does the rest as for any viewer
 * that goes away: the agent hears `viewer:left` for each and stops streaming to it, and a live
 * session whose owner is gone starts the engineer's grace period. The client is not invited to
 * reconnect (a server-side disconnect), and its old token no longer admits it.
 */
export function cutOffUser(staff: StaffNamespace, userId: number): void {
  staff.in(userRoom(userId)).disconnectSockets(true);
}
