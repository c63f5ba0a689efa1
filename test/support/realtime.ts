import { io, type Socket } from 'socket.io-client';
import { SESSION_CONSENT, sha256Hex } from '../../shared/consent.js';
import type { DeviceReport } from '../../shared/protocol/device.js';
import { type AckEnvelope, emitForAck, type PayloadArgs } from '../../shared/protocol/emitWithAck.js';

export type AnySocket = Socket;

const sockets: Socket[] = [];
/** Closes every socket a test opened. */
export function closeSockets(): void {
  for (const s of sockets.splice(0)) s.disconnect();
}

/** Connects to a namespace and resolves once admitted, or rejects with the server's refusal. */
export function connect(
  url: string,
  namespace: '/agent' | '/staff',
  auth: Record<string, unknown>,
  extra: { origin?: string; /** Attach listeners before any event can arrive. */ before?: (socket: Socket) => void } = {},
): Promise<Socket> {
  const socket = io(`${url}${namespace}`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    // Bounds every `emit` below: a request the server never answers fails the test in 5 s.
    ackTimeout: 5000,
    ...(extra.origin ? { extraHeaders: { origin: extra.origin } } : {}),
  });
  sockets.push(socket);
  extra.before?.(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error & { data?: unknown }) => reject(error));
  });
}

/** A refused connection's error: message and `data.code` as the server sent them. */
export async function refusal(promise: Promise<unknown>): Promise<{ message: string; code: string | undefined; details: any }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { data?: { code?: string; details?: unknown } };
    return { message: e.message, code: e.data?.code, details: e.data?.details };
  }
  throw new Error('expected the connection to be refused');
}

/**
 * Emits with an acknowledgement and resolves with the acknowledgement as the server sent it,
 * refusals included (that is what most tests look at). On a typed socket the payload is checked
 * against the event map; the untyped sockets of `connect` take anything, so that tests can send
 * what a hostile client would.
 */
export function emit<L extends object, E extends object, K extends keyof E & string>(socket: Socket<L, E>, event: K, ...payload: PayloadArgs<E[K]>): Promise<AckEnvelope & Record<string, any>> {
  return emitForAck(socket, event, ...payload);
}

/** Connects an agent with a join code and resolves with the socket and its welcome. */
export async function connectAgent(url: string, auth: Record<string, unknown>): Promise<{ agent: Socket; welcome: any }> {
  let welcome!: Promise<any>;
  const agent = await connect(url, '/agent', auth, {
    before: (socket) => {
      welcome = next(socket, 'session:welcome');
    },
  });
  return { agent, welcome: await welcome };
}

/** Resolves with the next `event` the socket receives. */
export function next<T = any>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Collects every `event` the socket receives from now on. */
export function collect<T = any>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

export function windowsDevice(overrides: Partial<DeviceReport> = {}): DeviceReport {
  return {
    platform: 'windows',
    osName: 'Microsoft Windows 10 Pro',
    osRelease: '10.0.19045',
    osEdition: 'Professional',
    arch: 'x64',
    hostname: 'LEE-PC',
    cpu: { brand: 'Intel Core i3-2100', cores: 2, speedGHz: 3.1 },
    memoryBytes: 4 * 2 ** 30,
    gpus: [{ model: 'Intel HD Graphics 2000', vramMB: 256 }],
    disks: [{ mount: 'C:', sizeBytes: 120e9, freeBytes: 3e9 }],
    displays: [{ id: '0', width: 1366, height: 768, primary: true }],
    ...overrides,
  };
}

export async function consentAnswer(decision: 'accept' | 'decline', overrides: Record<string, unknown> = {}) {
  return {
    decision,
    textVersion: SESSION_CONSENT.version,
    textSha256: await sha256Hex(SESSION_CONSENT.en),
    language: 'en',
    typedName: 'Lee Customer',
    allowObservers: false,
    ...overrides,
  };
}

/** A settled promise's value, or a marker, without waiting: to check that nothing arrived. */
export const tick = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the join page says of a desktop Chrome on Windows 11 (the shape of `BrowserHello`). */
export function browserHello(overrides: { browser?: Record<string, unknown>; canShareScreen?: boolean; language?: 'ko' | 'en' } = {}) {
  return {
    kind: 'browser' as const,
    browser: {
      source: 'client_hints',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      name: 'Google Chrome',
      version: '131.0.6778.86',
      engine: 'Blink',
      osName: 'Windows',
      osVersion: '11',
      deviceType: 'desktop',
      model: '',
      architecture: 'x86 64',
      ...overrides.browser,
    },
    screen: { width: 1536, height: 864, pixelRatio: 1.25 },
    hardware: { logicalCores: 8, deviceMemoryGb: 8 },
    canShareScreen: overrides.canShareScreen ?? true,
    language: overrides.language ?? 'en',
    agentVersion: 'join-page-test',
  };
}

/** Joins with a code as the join page does: browser hello; by default also the consent. */
export async function connectBrowser(url: string, code: string, options: { consent?: boolean; hello?: ReturnType<typeof browserHello> } = {}) {
  const { agent, welcome } = await connectAgent(url, { joinCode: code });
  const hello = await emit(agent, 'agent:hello', options.hello ?? browserHello());
  if (!hello.ok) throw new Error(`hello: ${JSON.stringify(hello)}`);
  if (options.consent !== false) {
    const consent = await emit(agent, 'agent:consent', await consentAnswer('accept'));
    if (!consent.ok) throw new Error(`consent: ${JSON.stringify(consent)}`);
  }
  return { agent, welcome, hello };
}
