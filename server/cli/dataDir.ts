import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Store } from '../store/types.js';
import { DATABASE_FILE, openSqliteReader } from '../store/sqlite/database.js';

/**
 * Opens a data directory's store read-only for an offline tool: `--data-dir`, else
 * `RA_DATA_DIR`, else `./data`. Null (with a message on stderr) when there is no store there.
 */
export function openDataDirReader(dataDir: string | undefined): Pick<Store, 'read' | 'close'> | null {
  const file = join(resolve(dataDir ?? process.env['RA_DATA_DIR'] ?? './data'), DATABASE_FILE);
  if (!existsSync(file)) {
    process.stderr.write(`No RemoteAssist store at ${file}\n`);
    return null;
  }
  return openSqliteReader(file);
}
