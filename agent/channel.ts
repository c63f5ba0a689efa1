import { io, type Socket } from 'socket.io-client';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { SessionAction } from '../shared/protocol/actions.js';
import { AGENT_NAMESPACE, type Ack, type AgentClientEvents, type AgentServerEvents, type AgentWelcome } from '../shared/protocol/events.js';

export type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;

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
  private constructor(
    readonly socket: AgentSocket,
    readonly welcome: AgentWelcome,
  ) {}

  static connect(serverUrl: string, joinCode: string): Promise<ServerChannel> {
    const socket: AgentSocket = io(`${serverUrl}${AGENT_NAMESPACE}`, {
      auth: { joinCode },
      transports: ['websocket'],
      reconnection: false,
      timeout: 10_000,
    });
    return new Promise((resolve, reject) => {
      socket.once('session:welcome', (welcome) => {
        // The code is spent: every later (re)connection proves itself with the token.
        socket.auth = { sessionToken: welcome.sessionToken };
        socket.io.reconnection(true);
        resolve(new ServerChannel(socket, welcome));
      });
      socket.once('connect_error', (error: Error & { data?: { code?: string; details?: { retryAfterSeconds?: number } } }) => {
        socket.close();
        const code = ErrorCode.safeParse(error.data?.code);
        reject(code.success ? new JoinError(code.data, error.message, error.data?.details?.retryAfterSeconds ?? null) : new JoinError('UNREACHABLE', error.message));
      });
    });
  }

  /** Sends a request and resolves with its result, or throws the server's refusal as an AppError. */
  async request<T extends object = object>(event: keyof AgentClientEvents, payload: unknown): Promise<T> {
    // The event maps type each event; here one helper serves them all, so it speaks untyped.
    const untyped = this.socket.timeout(REQUEST_TIMEOUT_MS) as unknown as { emitWithAck(event: string, payload: unknown): Promise<Ack<T>> };
    const ack = await untyped.emitWithAck(event, payload);
    if (!ack.ok) throw new AppError(ack.error.code, ack.error.message, { details: ack.error.details });
    return ack;
  }

  /** Fire-and-report: an action the server should log; a failure only goes to the local log. */
  report(action: SessionAction, onFailure: (error: unknown) => void): void {
    this.request('session:action', action).catch(onFailure);
  }

  close(): void {
    this.socket.io.reconnection(false);
    this.socket.close();
  }
}
