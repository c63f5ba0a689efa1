import { io, type Socket } from 'socket.io-client';
import { AGENT_ACK_RESULTS } from '../../../shared/protocol/ackResults.js';
import { type AckSuccess, emitWithAck, type PayloadArgs } from '../../../shared/protocol/emitWithAck.js';
import { AGENT_NAMESPACE, type AgentClientEvents, type AgentServerEvents, type AgentWelcome } from '../../../shared/protocol/events.js';
import type { Deadline, EndReason, ExtensionRequest } from '../../../shared/protocol/session.js';
import type { SignalData } from '../../../shared/protocol/signal.js';

type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;

/** How long a request waits for the server's answer. */
const REQUEST_TIMEOUT_MS = 20_000;

export interface JoinEvents {
  welcome(welcome: AgentWelcome): void;
  viewerJoined(viewer: { viewerId: string; role: 'owner' | 'observer' }): void;
  viewerLeft(viewerId: string): void;
  signal(from: string, data: SignalData): void;
  warning(minutesLeft: number, deadline: Deadline): void;
  extensionRequest(request: ExtensionRequest): void;
  extensionExpired(requestId: string): void;
  extended(deadline: Deadline): void;
  chat(line: { text: string; at: string; from: string }): void;
  ended(reason: EndReason): void;
}

/** Why the server refused the join: its code (`JOIN_CODE_INVALID`, `RATE_LIMITED`, …) and details. */
export class JoinRefused extends Error {
  constructor(
    readonly code: string,
    readonly retryAfterSeconds: number | null,
  ) {
    super(code);
  }
}

/**
 * The join page's side of the `/agent` namespace, as the agent program uses it: the join code
 * once, then the session token for every reconnect (the code is single-use). Everything the
 * server sends is handed to `on` as typed events; nothing here renders anything.
 */
export class JoinClient {
  private socket: AgentSocket | null = null;
  private token: string | null = null;

  constructor(private readonly on: JoinEvents) {}

  /** The session token (for the playback check's requests), once the server welcomed us. */
  get sessionToken(): string | null {
    return this.token;
  }

  /** Connects with the code; resolves at the server's welcome, or rejects with its refusal. */
  join(code: string): Promise<AgentWelcome> {
    const socket: AgentSocket = io(AGENT_NAMESPACE, {
      auth: (cb) => cb(this.token ? { sessionToken: this.token } : { joinCode: code }),
      transports: ['websocket'],
      reconnection: false,
      ackTimeout: REQUEST_TIMEOUT_MS,
    });
    this.socket = socket;
    socket.on('viewer:joined', (v) => this.on.viewerJoined(v));
    socket.on('viewer:left', ({ viewerId }) => this.on.viewerLeft(viewerId));
    socket.on('signal', ({ from, data }) => this.on.signal(from, data));
    socket.on('session:warning', ({ minutesLeft, deadline }) => this.on.warning(minutesLeft, deadline));
    socket.on('session:extension-request', (r) => this.on.extensionRequest(r));
    socket.on('session:extension-expired', ({ requestId }) => this.on.extensionExpired(requestId));
    socket.on('session:extended', ({ deadline }) => this.on.extended(deadline));
    socket.on('session:chat', (line) => this.on.chat(line));
    socket.on('session:ended', ({ reason }) => {
      // The server closes the connection a moment later: no reconnecting after the end.
      socket.io.reconnection(false);
      this.on.ended(reason);
    });
    return new Promise((resolve, reject) => {
      socket.on('session:welcome', (welcome) => {
        const first = this.token === null;
        this.token = welcome.sessionToken;
        // From now on a dropped connection comes back with the token.
        socket.io.reconnection(true);
        this.on.welcome(welcome);
        if (first) resolve(welcome);
      });
      socket.on('connect_error', (error: Error & { data?: { code?: string; details?: { retryAfterSeconds?: number; reason?: EndReason } } }) => {
        if (this.token) {
          // A reconnect the server refused (the session ended meanwhile) is final; a transport error is retried by socket.io.
          if (error.data?.code === 'SESSION_ENDED' || error.data?.code === 'SESSION_TOKEN_INVALID') this.on.ended(error.data.details?.reason ?? 'agent_disconnected');
          return;
        }
        socket.close();
        reject(new JoinRefused(error.data?.code ?? 'generic', error.data?.details?.retryAfterSeconds ?? null));
      });
    });
  }

  /** Sends a request; resolves with its checked result or throws the server's refusal (an AppError). */
  async request<K extends keyof AgentClientEvents>(event: K, ...payload: PayloadArgs<AgentClientEvents[K]>): Promise<AckSuccess<AgentClientEvents[K]>> {
    if (!this.socket) throw new Error('Not joined.');
    return emitWithAck(this.socket, AGENT_ACK_RESULTS, event, ...payload);
  }

  /**
   * The page is going away (closed, reloaded, navigated): tells the server with a keepalive
   * request, which outlives the page where a socket message may not. The server ends the session
   * as the user's stop; without this, the disconnect grace would.
   */
  pageClosing(): void {
    if (!this.token) return;
    // The page is going: nobody is left to tell if this fails; the disconnect grace ends the session then.
    void fetch('/api/agent/stop', { method: 'POST', keepalive: true, headers: { authorization: `Bearer ${this.token}` } }).catch((error: unknown) => console.warn('stop not sent', error));
  }

  close(): void {
    this.socket?.close();
  }
}
