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
import type { NamespaceParts } from './presence.js';
import { userRoom, viewerRoom } from './rooms.js';

export interface StaffSocketData {
  token: string;
  user: AuthUser;
  /** The sessions this socket watches (an array: a recovered connection's data comes back from Redis as plain values). */
  watching: number[];
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
export function registerStaffNamespace(staff: StaffNamespace, deps: StaffDeps, { presence, settle }: NamespaceParts): void {
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
        const recovered = (socket.data as Partial<StaffSocketData> | undefined)?.watching;
        const watching = Array.isArray(recovered) ? recovered.filter((id) => Number.isSafeInteger(id)) : [];
        socket.data = { token, user: await authenticate(deps, token), watching };
        await currentUser(socket);
      })
      .then(() => next(), (error: unknown) => next(connectError(error, log, 'staff')));
  });

  const watch = async (socket: StaffSocket, sessionId: number) => {
    const user = await currentUser(socket);
    const result = await authorizeWatch(deps, user, sessionId);
    const viewer = { viewerId: socket.id, userId: user.id, name: user.displayName, role: result.role };
    await presence.addViewer(sessionId, viewer);
    if (!socket.data.watching.includes(sessionId)) socket.data.watching.push(sessionId);
    await socket.join(viewerRoom(sessionId));
    await viewerJoined(deps, sessionId, viewer);
    return { ...result, viewerId: socket.id };
  };

  const handlers = (socket: StaffSocket): HandlerTable<StaffClientEvents> => {
    const viewerOf = (sessionId: number) => presence.viewer(sessionId, socket.id);
    return {
      'session:watch': { schema: WatchRequest, run: ({ sessionId }) => watch(socket, sessionId) },
      signal: {
        schema: StaffSignal,
        run: async ({ sessionId, data }) => {
          await relayFromViewer(deps, await currentUser(socket), await viewerOf(sessionId), sessionId, data);
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
          await recordEngineerAction(deps, await currentUser(socket), await viewerOf(sessionId), sessionId, action);
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
          socket.data.watching = socket.data.watching.filter((id) => id !== sessionId);
          void socket.leave(viewerRoom(sessionId));
          log.warn({ err: error, sessionId }, 'a recovered viewer may no longer watch');
        });
      }
    }
    registerHandlers(socket, log, handlers(socket));
    socket.on('disconnect', () => {
      for (const sessionId of socket.data.watching) {
        settle(
          presence
            .removeViewer(sessionId, socket.id)
            .then((viewer) => (viewer ? viewerLeft(deps, sessionId, viewer) : undefined))
            .catch((error: unknown) => log.error({ err: error, sessionId }, 'viewer disconnect handling failed')),
        );
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
