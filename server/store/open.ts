import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { openPostgresStore } from './postgres/database.js';
import { DATABASE_FILE, openSqliteStore } from './sqlite/database.js';
import type { Store } from './types.js';

/** Tells keys apart without telling anything about them: an HMAC of a fixed text under the key. */
export const keyFingerprint = (key: Buffer): string => createHmac('sha256', key).update('remote-assist data key check').digest('hex');

/**
 * The store the server runs on, with a `close` the caller can wait for, and — for the store
 * several nodes share — the database's own name.
 */
export type OpenStore = Omit<Store, 'close'> & { close(): Promise<void>; identity?: string };

/**
 * The PostgreSQL store shared by several nodes when `RA_DATABASE_URL` is set; otherwise the
 * embedded SQLite file in the data directory, exactly as on one machine.
 */
export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl' | 'dataKey'>, logger: Logger): Promise<OpenStore> {
  if (config.databaseUrl) {
    return openPostgresStore(config.databaseUrl, { logger: logger.child({ component: 'postgres' }), dataKeyFingerprint: keyFingerprint(config.dataKey) });
  }
  const sqlite = openSqliteStore(join(config.dataDir, DATABASE_FILE));
  return { read: sqlite.read, write: (work) => sqlite.write(work), close: () => Promise.resolve(sqlite.close()) };
}
