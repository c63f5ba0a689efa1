import { io, type Socket } from 'socket.io-client';

/**
 * One WebSocket-only client, connected: `before` runs ahead of the handshake (to add listeners
 * that must not miss the first event).
 */
export function connect(url: string, auth: Record<string, unknown>, before?: (s: Socket) => void): Promise<Socket> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  before?.(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
