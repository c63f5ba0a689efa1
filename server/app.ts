import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { DestinationStream, Logger } from 'pino';
import { systemClock, type Clock } from '../shared/clock.js';
import type { ReadyResponse } from '../shared/schemas/health.js';
import type { Config } from './config.js';
import type { AppContext, ServerContext, UserEventMap } from './context.js';
import { clusterNode, singleNode, type Coordination } from './cluster/coordination.js';
import { createRealtime } from './realtime/server.js';
import type { SessionDeps } from './sessions/deps.js';
import { JOIN_LIMITS } from './sessions/joinLimits.js';
import { RefusalTally } from './audit/refusalTally.js';
import { claimAbandonedSides, handOverLostPresence, recoverAfterRestart, restoreMissingTimers } from './sessions/recovery.js';
import { TimerRunner } from './sessions/timers.js';
import { fireTimer } from './sessions/timerWork.js';
import { OutboxWorker } from './mail/outbox.js';
import { SheetReader } from './services/cases/sheetReader.js';
import { createMailTransport } from './mail/transport.js';
import { runPeriodically } from './periodic.js';
import { mailMonthlyStatistics } from './stats/service.js';
import { koreanPublicHolidays } from './domain/koreanHolidays.js';
import { createHttpApp } from './http/httpApp.js';
import { createLogger } from './logging.js';
import { createSecretBox } from './security/secretBox.js';
import { createTokenService } from './security/tokens.js';
import { ensureBootstrapAdmin } from './services/auth.js';
import { openStore, type OpenStore } from './store/open.js';

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
  /**
   * Shuts down gracefully (SIGTERM): stops accepting connections, closes every realtime
   * connection (the clients reconnect to another node), waits for requests under way and
   * background work, gives up its place in the cluster and closes the store.
   */
  close(): Promise<void>;
}

/** Requests still under way at shutdown get this long to finish before their connections are cut. */
const DRAIN_MS = 10_000;
const STORE_PING_TIMEOUT_MS = 2_000;
const MINUTE = 60_000;

/** One server, or one node of several: `RA_REDIS_URL` decides (with `RA_DATABASE_URL`, config.ts checks). */
async function coordinate(config: Config, store: OpenStore, clock: Clock, logger: Logger): Promise<Coordination> {
  if (!config.redisUrl) return singleNode(clock);
  if (!store.identity) throw new Error('several servers need the PostgreSQL store');
  return clusterNode({ redisUrl: config.redisUrl, storeId: store.identity, clock, logger });
}

async function storeAnswers(store: OpenStore): Promise<boolean> {
  const answer = store.read.audit.head().then(() => true, () => false);
  return Promise.race([answer, new Promise<boolean>((resolve) => setTimeout(resolve, STORE_PING_TIMEOUT_MS, false).unref())]);
}

/** The composition root: builds every part once and hands them down as one context. */
export async function createApp(options: AppOptions): Promise<RunningApp> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger: Logger = createLogger(config.logLevel, options.logDestination);
  const store = await openStore(config, logger);
  const nodes = await coordinate(config, store, clock, logger).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const ctx: AppContext = {
    config,
    clock,
    store,
    logger,
    secrets: createSecretBox(config.dataKey),
    tokens: createTokenService({ secret: config.jwtSecret, ttlSeconds: config.tokenTtlMinutes * 60, now: () => clock.now() }),
    holidays: koreanPublicHolidays(config.timeZone),
    loginLimits: {
      perAccount: nodes.limiter('login-account', { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: 15 * MINUTE }),
      perAddress: nodes.limiter('login-address', { freeFailures: 20, baseDelayMs: 1_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: 15 * MINUTE }),
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
  /** WebSockets: at shutdown their close handshake is not waited for (a browser may take its time). */
  const upgraded = new Set<Duplex>();
  const realtime = createRealtime(ctx, () => (server.address() as AddressInfo | null)?.port, { presence: nodes.presence, adapter: nodes.adapter });
  const timers = new TimerRunner({
    store,
    clock,
    logger: logger.child({ component: 'timers' }),
    nodeId: nodes.nodeId,
    pollMs: nodes.timerPollMs,
    fire: (timer) => fireTimer(live, timer),
  });
  const live: SessionDeps = {
    ...ctx,
    timers,
    notify: realtime.notify,
    presence: realtime.presence,
    joinLimits: { perAddress: nodes.limiter('join-address', JOIN_LIMITS.perAddress), global: nodes.limiter('join-global', JOIN_LIMITS.global) },
  };
  realtime.attach({ ...live, tokens: ctx.tokens });
  // A disabled user (or one whose role or password changed) is cut off the live sessions at once.
  ctx.userEvents.on('accessRevoked', (userId) => realtime.cutOffUser(userId));
  const outbox = new OutboxWorker({ store, clock, logger: logger.child({ component: 'outbox' }), transport: createMailTransport(config), nodeId: nodes.nodeId });
  const sheets = new SheetReader();
  let draining = false;
  const readiness = async (): Promise<ReadyResponse> => {
    const [storeOk, redis] = await Promise.all([storeAnswers(store), nodes.redisState()]);
    const report = { store: storeOk ? ('ok' as const) : ('unreachable' as const), redis, draining };
    return { ready: storeOk && redis !== 'unreachable' && !draining, ...report };
  };
  const serverCtx: ServerContext = { ...ctx, live, outbox, sheets, readiness };
  const httpApp = createHttpApp(serverCtx);
  // One listener per event, and every request answered by exactly one side: socket.io's path by
  // socket.io, everything else by express (an upgrade elsewhere is nobody's, so it is closed).
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (realtime.owns(req)) realtime.handleRequest(req, res);
    else httpApp(req, res);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!realtime.owns(req)) {
      socket.destroy();
      return;
    }
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    realtime.handleUpgrade(req, socket, head);
  });
  if (config.redisUrl) {
    // One of several nodes: it takes nothing over from the others. It watches them, and takes
    // what one held when it dies; sides no node holds at all get their grace period.
    await nodes.start({
      lost: (nodeId, lost) => handOverLostPresence(live, nodeId, lost),
      reasserted: () => realtime.reassertPresence(store),
    });
    await restoreMissingTimers(live);
    await claimAbandonedSides(live);
  } else {
    await recoverAfterRestart(live);
  }
  await timers.start();
  outbox.start();
  // Hourly is precise enough for "the first business day of the month"; a missed day catches up.
  const statisticsMailing = runPeriodically(clock, 60 * MINUTE, () => mailMonthlyStatistics(serverCtx), logger, 'monthly statistics');

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
      draining = true;
      // No new connections: a load balancer sends new ones to the other nodes.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Every realtime client is told to go (its connection closes) and reconnects, through the
      // load balancer, to another node; what their disconnects started is waited for.
      await realtime.close();
      for (const socket of upgraded) socket.destroy();
      server.closeIdleConnections();
      await timers.stop();
      await statisticsMailing.stop();
      await outbox.stop();
      sheets.close();
      // Requests under way finish, up to DRAIN_MS; then what is still open is cut.
      const drained = await Promise.race([closed.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, DRAIN_MS, false).unref())]);
      if (!drained) logger.warn({ open: connections.size }, 'requests still open after the drain time; cut');
      for (const socket of connections) socket.destroy();
      await closed;
      await nodes.leave();
      // Last, once nothing can be refused any more: what was counted is written, nothing lost.
      await ctx.refusals.close();
      await store.close();
      await nodes.close();
    },
  };
}
