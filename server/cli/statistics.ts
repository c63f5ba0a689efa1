import { parseArgs } from 'node:util';
import { Month } from '../../shared/schemas/statistics.js';
import { DEFAULT_TIME_ZONE } from '../../shared/policy.js';
import { previousMonth } from '../stats/load.js';
import { statisticsCsv, statisticsHtml } from '../stats/render.js';
import { statisticsFor } from '../stats/service.js';
import { openOfflineReader } from './dataDir.js';

const USAGE = 'Usage: npm run stats -- [--month YYYY-MM] [--format json|csv|html] [--company ID] [--data-dir DIR | --database-url postgres://…] [--time-zone ZONE]\n';

/**
 * `npm run stats`: a month's statistics (default: last month) straight from the store (the data
 * directory, or the PostgreSQL database), read-only. Exit 0 on success, 2 on a usage error.
 */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      month: { type: 'string' },
      format: { type: 'string', default: 'json' },
      company: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      'time-zone': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const timeZone = values['time-zone'] ?? process.env['RA_TIME_ZONE'] ?? DEFAULT_TIME_ZONE;
  const month = Month.safeParse(values.month ?? previousMonth(Date.now(), timeZone));
  const format = values.format;
  const companyId = values.company === undefined ? undefined : Number(values.company);
  if (!month.success || !['json', 'csv', 'html'].includes(format) || (companyId !== undefined && !Number.isSafeInteger(companyId))) {
    process.stderr.write(USAGE);
    return 2;
  }
  const store = await openOfflineReader({ dataDir: values['data-dir'], databaseUrl: values['database-url'] });
  if (!store) return 2;
  try {
    const stats = await statisticsFor(store.read, month.data, timeZone, companyId);
    process.stdout.write(format === 'csv' ? statisticsCsv(stats) : format === 'html' ? statisticsHtml(stats) : `${JSON.stringify(stats, null, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`Statistics failed: ${String(error)}\n`);
  return 2;
});
