import { io, type Socket } from 'socket.io-client';
import { ErrorCode } from '../shared/errors.js';
import type { SessionAction } from '../shared/protocol/actions.js';
import { AGENT_ACK_RESULTS } from '../shared/protocol/ackResults.js';
import { type AckSuccess, emitWithAck, type PayloadArgs } from '../shared/protocol/emitWithAck.js';
import { AGENT_NAMESPACE, type AgentClientEvents, type AgentServerEvents, type AgentWelcome } from '../shared/protocol/events.js';
import { ReportQueue } from './reportQueue.js';

export type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;

/** How long a request waits for the server's answer (socket.io's `ackTimeout`). */
const REQUEST_TIMEOUT_MS = 15_000;

/** Why the join failed, in terms the CLI can explain to the user. */
export class JoinError extends Error {
  constructor(
    readonly code: ErrorCode | 'UNREACHABLE',
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/**
 * The agent's connection to the server's `/agent` namespace. The join code is used once; from
 * the welcome on, the connection (and every automatic reconnect) uses the session token.
 */
export class ServerChannel {
  /** Action reports for the audit log: in order, kept while the server is away. */
  readonly reports: ReportQueue;

  private constructor(
    readonly socket: AgentSocket,
    readonly welcome: AgentWelcome,
    log: (event: string, detail: string) => void,
  ) {
    this.reports = new ReportQueue({
      send: (action) => this.request('session:action', action),
      connected: () => socket.connected,
      log,
      setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
    });
    socket.on('connect', () => this.reports.resume());
    socket.on('disconnect', (reason) => log('server connection lost', reason));
    socket.io.on('reconnect_error', (error) => log('reconnecting failed', error.message));
    socket.io.on('reconnect', (attempt) => log('server connection back', `after ${attempt} attempt(s)`));
  }

  static connect(serverUrl: string, joinCode: string, log: (event: string, detail: string) => void): Promise<ServerChannel> {
    const socket: AgentSocket = io(`${serverUrl}${AGENT_NAMESPACE}`, {
      auth: { joinCode },
      transports: ['websocket'],
      reconnection: false,
      timeout: 10_000,
      ackTimeout: REQUEST_TIMEOUT_MS,
    });
    return new Promise((resolve, reject) => {
      const refused = (error: Error & { data?: { code?: string; details?: { retryAfterSeconds?: number } } }) => {
        socket.close();
        const code = ErrorCode.safeParse(error.data?.code);
        reject(code.success ? new JoinError(code.data, error.message, error.data?.details?.retryAfterSeconds ?? null) : new JoinError('UNREACHABLE', error.message));
      };
      socket.once('connect_error', refused);
      socket.once('session:welcome', (welcome) => {
        // Joined: from now on a failed connection attempt is one of the reconnection's tries,
        // not a refused join (closing the socket here would end the reconnecting for good).
        socket.off('connect_error', refused);
        // The code is spent: every later (re)connection proves itself with the token.
        socket.auth = { sessionToken: welcome.sessionToken };
        socket.io.reconnection(true);
        resolve(new ServerChannel(socket, welcome, log));
      });
    });
  }

  /** Sends a request and resolves with its checked result, or throws the server's refusal as an AppError. */
  request<K extends keyof AgentClientEvents>(event: K, ...payload: PayloadArgs<AgentClientEvents[K]>): Promise<AckSuccess<AgentClientEvents[K]>> {
    return emitWithAck(this.socket, AGENT_ACK_RESULTS, event, ...payload);
  }

  /** An action for the audit log; it waits in `reports` until the server has it. */
  report(action: SessionAction): void {
    this.reports.add(action);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  close(): void {
    this.socket.io.reconnection(false);
    this.socket.close();
  }
}
