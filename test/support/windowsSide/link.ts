import { createServer, type Server, type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';

/**
 * A line-per-message JSON link between a test (Linux) and a program it runs under Wine: Wine's
 * sockets are the host's, and a Windows program's stdio on a pipe does not work, so the two talk
 * over 127.0.0.1. The test calls commands; the Windows side answers them and sends events.
 */
type Wire =
  | { hello: string }
  | { id: number; cmd: string; args: unknown }
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string }
  | { event: string; data: unknown };

function send(socket: Socket, message: Wire): void {
  socket.write(`${JSON.stringify(message)}\n`);
}

function lines(socket: Socket, onMessage: (message: Wire) => void): void {
  createInterface({ input: socket }).on('line', (line) => onMessage(JSON.parse(line) as Wire));
}

export interface FixtureEvent { event: string; data: any }

/** The test's end of one Windows program. */
export class FixtureLink {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  readonly events: FixtureEvent[] = [];
  private waiters: Array<() => void> = [];

  constructor(private readonly socket: Socket) {
    lines(socket, (m) => {
      if ('event' in m) {
        this.events.push({ event: m.event, data: m.data });
        for (const wake of this.waiters.splice(0)) wake();
      } else if ('ok' in m) {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.ok) p?.resolve(m.result);
        else p?.reject(new Error(m.error));
      }
    });
    socket.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error('the Windows program went away'));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  call<T = any>(cmd: string, args: unknown = {}): Promise<T> {
    const id = this.nextId++;
    send(this.socket, { id, cmd, args });
    return new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: (v) => resolve(v as T), reject }));
  }

  /** The first event (seen already, or arriving within `timeoutMs`) with that name that matches. */
  async next(event: string, match: (data: any) => boolean = () => true, timeoutMs = 10_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.events.findIndex((e) => e.event === event && match(e.data));
      if (i >= 0) return this.events.splice(i, 1)[0]!.data;
      const left = deadline - Date.now();
      if (left <= 0 || this.socket.closed) throw new Error(`no "${event}" event within ${timeoutMs} ms; seen: ${JSON.stringify(this.events).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Where the Windows programs call in; `accept(role)` resolves when that one has. */
export async function listenForFixtures(): Promise<{ port: number; accept(role: string, timeoutMs?: number): Promise<FixtureLink>; close(): Promise<void> }> {
  const arrived = new Map<string, FixtureLink>();
  const waiting = new Map<string, (link: FixtureLink) => void>();
  const server: Server = createServer((socket) => {
    const rl = createInterface({ input: socket });
    rl.once('line', (line) => {
      rl.close();
      const role = (JSON.parse(line) as { hello: string }).hello;
      const link = new FixtureLink(socket);
      const wake = waiting.get(role);
      if (wake) wake(link);
      else arrived.set(role, link);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    accept: (role, timeoutMs = 60_000) => {
      const link = arrived.get(role);
      if (link) return Promise.resolve(link);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the Windows program "${role}" did not call in within ${timeoutMs} ms`)), timeoutMs);
        waiting.set(role, (l) => (clearTimeout(timer), resolve(l)));
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export type Handlers = Record<string, (args: any) => unknown>;

/** The Windows program's end: answers the test's commands with `handlers`; `emit` sends an event. */
export function callHome(port: number, role: string, handlers: Handlers): Promise<{ emit: (event: string, data?: unknown) => void }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      send(socket, { hello: role });
      resolve({ emit: (event, data = null) => send(socket, { event, data }) });
    });
    socket.on('error', reject);
    socket.on('close', () => process.exit(0));
    lines(socket, (m) => {
      if (!('cmd' in m)) return;
      const handler = handlers[m.cmd];
      Promise.resolve()
        .then(() => {
          if (!handler) throw new Error(`unknown command ${m.cmd}`);
          return handler(m.args);
        })
        .then(
          (result) => send(socket, { id: m.id, ok: true, result: result ?? null }),
          (error: unknown) => send(socket, { id: m.id, ok: false, error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }),
        );
    });
  });
}
