import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Store } from '../store/types.js';
import { openPostgresReader } from '../store/postgres/database.js';
import { DATABASE_FILE, openSqliteReader } from '../store/sqlite/database.js';

export interface OfflineReader {
  read: Store['read'];
  close(): Promise<void>;
}

/** Where an offline tool reads: the options it was given, `--database-url` and `--data-dir`. */
export interface OfflineSource {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
}

/** The data directory's SQLite store, read-only; null (with a message on stderr) when there is none. */
function openDataDirReader(dataDir: string | undefined, env: NodeJS.ProcessEnv): Pick<Store, 'read' | 'close'> | null {
  const file = join(resolve(dataDir ?? env['RA_DATA_DIR'] ?? './data'), DATABASE_FILE);
  if (!existsSync(file)) {
    process.stderr.write(`No RemoteAssist store at ${file}\n`);
    return null;
  }
  return openSqliteReader(file);
}

/**
 * Opens the store an offline tool reads, read-only, where the server would find it: the
 * PostgreSQL database of `--database-url`, else the data directory of `--data-dir`, else
 * `RA_DATABASE_URL`, else `RA_DATA_DIR` or `./data`. Null (with a message on stderr) when
 * there is no store there.
 */
export function openOfflineReader(source: OfflineSource, env: NodeJS.ProcessEnv = process.env): Promise<OfflineReader | null> {
  const databaseUrl = source.databaseUrl ?? (source.dataDir === undefined ? env['RA_DATABASE_URL'] || undefined : undefined);
  if (databaseUrl) return openPostgresReader(databaseUrl);
  const sqlite = openDataDirReader(source.dataDir, env);
  return Promise.resolve(sqlite && { read: sqlite.read, close: () => Promise.resolve(sqlite.close()) });
}
