import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Language } from '../../i18n.js';
import type { Screen, ScreenEvents, ScreenHost, ScreenWindow } from '../screen.js';
import { PAGE_CSS, PAGE_HTML, PAGE_JS } from './page.js';

/** What the page reports; anything else is refused. */
const PageEvent = z.strictObject({
  window: z.string().max(20),
  type: z.enum(['input', 'activate', 'closed']),
  id: z.string().max(100),
  value: z.string().max(4000).optional(),
  trusted: z.boolean().optional(),
});

const SECURITY_HEADERS = {
  // The page runs only its own script and style, talks only to this server, and cannot be framed.
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
const MAX_BODY = 16 * 1024;

export interface LoopbackOptions {
  language: Language;
  /** Opens the page in the user's default browser (xdg-open); tests open it in Chromium themselves. */
  openBrowser: (url: string) => void;
  onError?: (error: Error) => void;
}

/**
 * The agent's windows as one page in the user's browser, served by the agent itself on
 * 127.0.0.1: the Linux host (a browser is the lightest window every desktop has).
 * - The browser is opened on an unguessable one-time path, which swaps itself for an HttpOnly,
 *   SameSite=Strict cookie: the path other local users can read in the process list is spent
 *   by the time they could use it, and a second use closes the page's questions.
 * - A request naming any other Host is refused, so a web page cannot reach this server by DNS
 *   rebinding; a POST must come from the page's own origin with a JSON body (no CORS headers are
 *   ever sent, so other sites cannot even send one); a CSP keeps the page to its own script.
 * A browser cannot keep a tab above other windows: the panel is a section of the page.
 */
export class LoopbackHost implements ScreenHost {
  readonly systemLanguage: Language;
  private readonly windows = new Map<string, { screen: Screen; events: ScreenEvents }>();
  private readonly streams = new Set<ServerResponse>();
  private nextId = 1;
  private opened = false;
  private launched = false;
  private readonly launch = randomBytes(32).toString('base64url');
  private readonly session = randomBytes(32).toString('base64url');

  private constructor(
    private readonly server: Server,
    private readonly options: LoopbackOptions,
  ) {
    this.systemLanguage = options.language;
  }

  static async start(options: LoopbackOptions): Promise<LoopbackHost> {
    const server = createServer();
    const host = new LoopbackHost(server, options);
    server.on('request', (req, res) => host.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return host;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The one-time address the browser is opened on. */
  get url(): string {
    return `${this.origin}/${this.launch}/`;
  }

  open(screen: Screen, events: ScreenEvents): ScreenWindow {
    const id = String(this.nextId++);
    this.windows.set(id, { screen, events });
    this.broadcast();
    if (!this.opened) {
      this.opened = true;
      this.options.openBrowser(this.url);
    }
    return {
      update: (next) => {
        const w = this.windows.get(id);
        if (!w) return;
        w.screen = next;
        this.broadcast();
      },
      close: () => {
        if (this.windows.delete(id)) this.broadcast();
      },
    };
  }

  close(): void {
    this.windows.clear();
    this.broadcast();
    for (const stream of this.streams) stream.end();
    this.server.close();
    this.server.closeAllConnections();
  }

  private state(): string {
    const windows = [...this.windows].map(([id, w]) => ({ id, screen: w.screen }));
    return JSON.stringify({ title: 'RemoteAssist', windows });
  }

  private broadcast(): void {
    const data = `data: ${this.state()}\n\n`;
    for (const stream of this.streams) stream.write(data);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    // DNS rebinding: a hostile name resolving to 127.0.0.1 still sends its own name as Host.
    if (req.headers.host !== this.origin.slice('http://'.length)) return void res.writeHead(403, SECURITY_HEADERS).end();
    if (req.method === 'GET' && req.url === `/${this.launch}/`) return this.swapLaunchForCookie(res);
    if (!req.url?.startsWith('/ui/')) return void res.writeHead(404, SECURITY_HEADERS).end();
    if (!this.hasSessionCookie(req)) return void res.writeHead(403, SECURITY_HEADERS).end();
    const path = req.url.slice('/ui/'.length);
    if (req.method === 'GET') return this.get(path, res);
    if (req.method === 'POST' && path === 'event') return this.post(req, res);
    res.writeHead(405, SECURITY_HEADERS).end();
  }

  private swapLaunchForCookie(res: ServerResponse): void {
    if (this.launched) {
      // Someone else used the address too: withdraw every question rather than guess who is who.
      for (const w of [...this.windows.values()]) w.events.closed();
      return void res.writeHead(410, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end('This address was already used.');
    }
    this.launched = true;
    res.writeHead(303, { ...SECURITY_HEADERS, location: '/ui/', 'set-cookie': `ra_ui=${this.session}; HttpOnly; SameSite=Strict; Path=/ui/` }).end();
  }

  private hasSessionCookie(req: IncomingMessage): boolean {
    const value = /(?:^|;\s*)ra_ui=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (!value) return false;
    const given = Buffer.from(value);
    const expected = Buffer.from(this.session);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private get(path: string, res: ServerResponse): void {
    const assets: Record<string, [string, string]> = {
      '': ['text/html; charset=utf-8', PAGE_HTML(this.systemLanguage, 'RemoteAssist')],
      'app.js': ['text/javascript; charset=utf-8', PAGE_JS],
      'app.css': ['text/css; charset=utf-8', PAGE_CSS],
    };
    const asset = assets[path];
    if (asset) return void res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset[0] }).end(asset[1]);
    if (path !== 'events') return void res.writeHead(404, SECURITY_HEADERS).end();
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream' });
    res.write(`data: ${this.state()}\n\n`);
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));
  }

  private post(req: IncomingMessage, res: ServerResponse): void {
    // Only the page itself: its own origin, a JSON body (which a foreign page cannot send without a CORS preflight we never answer).
    if (req.headers.origin !== this.origin || !req.headers['content-type']?.startsWith('application/json')) return void res.writeHead(403, SECURITY_HEADERS).end();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const parsed = PageEvent.safeParse(safeJson(Buffer.concat(chunks).toString('utf8')));
      if (!parsed.success) return void res.writeHead(400, SECURITY_HEADERS).end();
      res.writeHead(204, SECURITY_HEADERS).end();
      this.deliver(parsed.data);
    });
  }

  private deliver(event: z.infer<typeof PageEvent>): void {
    const w = this.windows.get(event.window);
    if (!w) return;
    try {
      if (event.type === 'input') w.events.input(event.id, event.value ?? '');
      else if (event.type === 'activate') w.events.activate(event.id, event.trusted === true);
      else w.events.closed();
    } catch (error) {
      this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the schema refuses `undefined` like any other bad body.
    return undefined;
  }
}
