import { parseArgs } from 'node:util';
import { verifyAuditLog } from '../services/auditLog.js';
import { openOfflineReader } from './dataDir.js';

/**
 * `npm run audit:verify -- [--data-dir DIR | --database-url postgres://…] [--json]`: verifies the
 * audit hash chain offline, straight from the store (the data directory's SQLite file or the
 * PostgreSQL database), without starting the server or writing anything. It reads the log in
 * pages, so memory stays flat however long the log is.
 * Exit 0 when the chain holds, 1 when it is broken, 2 on a usage error.
 */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    process.stdout.write('Usage: npm run audit:verify -- [--data-dir DIR | --database-url postgres://…] [--json]\n');
    return 0;
  }
  const store = await openOfflineReader({ dataDir: values['data-dir'], databaseUrl: values['database-url'] });
  if (!store) return 2;
  try {
    const result = await verifyAuditLog(store);
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else if (result.ok) process.stdout.write(`Audit log OK: ${result.checkedEntries} entries, head at ${result.headSeq}.\n`);
    else process.stdout.write(`Audit log BROKEN at entry ${result.firstBrokenSeq}: ${result.problem}.\n`);
    return result.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`Verification failed: ${String(error)}\n`);
  return 2;
});
