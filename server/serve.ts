import type { Clock } from '../shared/clock.js';
import { createApp } from './app.js';
import type { Config } from './config.js';

/**
 * How long a graceful shutdown may take in all before the process exits anyway (systemd's
 * `TimeoutStopSec` should be longer: docs/operations.md).
 */
const SHUTDOWN_LIMIT_MS = 15_000;

/**
 * Runs a server until SIGTERM or SIGINT, then shuts it down gracefully: no new connections,
 * every client told to reconnect (to another node, through the load balancer), requests under
 * way finished, the store closed — and exits 0 (1 if that failed or took too long).
 */
export async function serve(config: Config, clock?: Clock): Promise<void> {
  const app = await createApp({ config, ...(clock ? { clock } : {}) });
  const { logger } = app.ctx;
  // A rejected promise nobody awaited is a bug to fix, not a reason to drop every session.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  const address = await app.listen();
  logger.info({ url: `http://${address.address}:${address.port}`, dataDir: config.dataDir, store: config.databaseUrl ? 'postgres' : 'sqlite', cluster: config.redisUrl !== null }, 'RemoteAssist server listening');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: handing clients to the other nodes');
    const limit = setTimeout(() => {
      logger.error({ limitMs: SHUTDOWN_LIMIT_MS }, 'shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    limit.unref();
    app.close().then(
      () => {
        logger.info('shut down');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
