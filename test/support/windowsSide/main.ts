import { runInput } from './input.js';
import { runProbe } from './probe.js';
import { runTarget } from './target.js';
import { runUi } from './ui.js';

/**
 * The Windows side of the Wine tests: one bundle, run by node.exe under Wine, in one of four
 * roles, each calling the test back on 127.0.0.1:<port>. Errors go to stderr (a file).
 */
const ROLES: Record<string, (port: number) => Promise<void>> = { input: runInput, probe: runProbe, target: runTarget, ui: runUi };

const [role = '', port = '0'] = process.argv.slice(2);
process.on('uncaughtException', (error) => {
  process.stderr.write(`${role}: ${error.stack ?? String(error)}\n`);
  process.exit(1);
});
const run = ROLES[role];
if (!run) throw new Error(`unknown role ${role}`);
void run(Number(port));
