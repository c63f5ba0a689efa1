import { appendFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The agent's own record, in plain text the user can open: what was asked, what they answered,
 * every action carried out on their PC. Never keystrokes.
 */
export class LocalLog {
  readonly path: string;

  constructor(dir: string | undefined, now: Date) {
    const folder = dir ?? join(homedir(), '.remote-assist', 'logs');
    mkdirSync(folder, { recursive: true });
    this.path = join(folder, `session-${now.toISOString().replace(/[:.]/g, '-')}.log`);
  }

  write(event: string, detail = ''): void {
    appendFileSync(this.path, `${new Date().toISOString()}  ${event}${detail ? `  ${detail}` : ''}\n`, { mode: 0o600 });
  }
}
