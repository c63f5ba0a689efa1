import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { DestinationStream, Logger } from 'pino';
import { systemClock, type Clock } from '../shared/clock.js';
import type { Config } from './config.js';
import type { AppContext, ServerContext, UserEventMap } from './context.js';
import { createRealtime } from './realtime/server.js';
import type { SessionDeps } from './sessions/deps.js';
import { JOIN_LIMITS } from './sessions/joinLimits.js';
import { RefusalTally } from './audit/refusalTally.js';
import { recoverSessions } from './sessions/recovery.js';
import { KeyedTimers } from './sessions/timers.js';
import { OutboxWorker } from './mail/outbox.js';
import { SheetReader } from './services/cases/sheetReader.js';
import { createMailTransport } from './mail/transport.js';
import { runPeriodically } from './periodic.js';
import { mailMonthlyStatistics } from './stats/service.js';
import { koreanPublicHolidays } from './domain/koreanHolidays.js';
import { createHttpApp } from './http/httpApp.js';
import { createLogger } from './logging.js';
import { FailureLimiter } from './security/failureLimiter.js';
import { createSecretBox } from './security/secretBox.js';
import { createTokenService } from './security/tokens.js';
import { ensureBootstrapAdmin } from './services/auth.js';
import { openStore } from './store/open.js';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  /** Where operational logs go (tests capture them); stdout by default. */
  logDestination?: DestinationStream;
}

export interface RunningApp {
  ctx: ServerContext;
  server: Server;
  listen(): Promise<AddressInfo>;
  close(): Promise<void>;
}

/** The composition root: builds every part once and hands them down as one context. */
export async function createApp(options: AppOptions): Promise<RunningApp> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger: Logger = createLogger(config.logLevel, options.logDestination);
  const store = await openStore(config, logger);
  const minute = 60_000;
  const ctx: AppContext = {
    config,
    clock,
    store,
    logger,
    secrets: createSecretBox(config.dataKey),
    tokens: createTokenService({ secret: config.jwtSecret, ttlSeconds: config.tokenTtlMinutes * 60, now: () => clock.now() }),
    holidays: koreanPublicHolidays(config.timeZone),
    loginLimits: {
      perAccount: new FailureLimiter({ freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * minute, forgetAfterMs: 15 * minute }, clock),
      perAddress: new FailureLimiter({ freeFailures: 20, baseDelayMs: 1_000, maxDelayMs: 15 * minute, forgetAfterMs: 15 * minute }, clock),
    },
    refusals: new RefusalTally({ store, clock, logger: logger.child({ component: 'refusal-tally' }) }),
    userEvents: new EventEmitter<UserEventMap>(),
  };
  await ensureBootstrapAdmin(ctx);

  const server = createServer();
  const connections = new Set<Socket>();
  server.on('connection', (socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  const realtime = createRealtime(ctx, () => (server.address() as AddressInfo | null)?.port);
  const live: SessionDeps = {
    ...ctx,
    timers: new KeyedTimers(clock, logger.child({ component: 'timers' })),
    notify: realtime.notify,
    presence: realtime.presence,
    joinLimits: {
      perAddress: new FailureLimiter(JOIN_LIMITS.perAddress, clock),
      global: new FailureLimiter(JOIN_LIMITS.global, clock),
    },
  };
  realtime.attach({ ...live, tokens: ctx.tokens });
  // A disabled user (or one whose role or password changed) is cut off the live sessions at once.
  ctx.userEvents.on('accessRevoked', (userId) => realtime.cutOffUser(userId));
  const outbox = new OutboxWorker({ store, clock, logger: logger.child({ component: 'outbox' }), transport: createMailTransport(config) });
  const sheets = new SheetReader();
  const serverCtx: ServerContext = { ...ctx, live, outbox, sheets };
  const httpApp = createHttpApp(serverCtx);
  // One listener per event, and every request answered by exactly one side: socket.io's path by
  // socket.io, everything else by express (an upgrade elsewhere is nobody's, so it is closed).
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (realtime.owns(req)) realtime.handleRequest(req, res);
    else httpApp(req, res);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (realtime.owns(req)) realtime.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await recoverSessions(live);
  outbox.start();
  // Hourly is precise enough for "the first business day of the month"; a missed day catches up.
  const statisticsMailing = runPeriodically(clock, 60 * 60_000, () => mailMonthlyStatistics(serverCtx), logger, 'monthly statistics');

  return {
    ctx: serverCtx,
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    close: async () => {
      live.timers.clearAll();
      await statisticsMailing.stop();
      await outbox.stop();
      sheets.close();
      // Closing waits for every connection to end; a browser's open WebSocket would hold it for
      // the close handshake's timeout, so what is still open is cut once closing has begun.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await realtime.io.close();
      for (const socket of connections) socket.destroy();
      await closed;
      // Last, once nothing can be refused any more: what was counted is written, nothing lost.
      await ctx.refusals.close();
      await store.close();
    },
  };
}
