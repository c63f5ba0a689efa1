import { writeFileSync } from 'node:fs';
import { startPostgres } from './test/support/postgres.js';
const pg = await startPostgres();
writeFileSync('/tmp/pg-bench-url', pg.adminUrl);
console.log(pg.adminUrl);
process.on('SIGTERM', () => void pg.stop().then(() => process.exit(0)));
setInterval(() => undefined, 1 << 30);
