import { fork, type ChildProcess } from 'node:child_process';
import type { Job } from './relayClients.js';

/**
 * The relay benches' clients, in a child process (bench/relayClients.ts) so that the heap the
 * parent measures is the server's alone; `step` runs one step there and resolves with its result.
 */
export function relayClients(): { child: ChildProcess; step<T>(step: string, job?: Job): Promise<T> } {
  const child = fork(new URL('./relayClients.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'] });
  return {
    child,
    step: (step, job) =>
      new Promise((resolve, reject) => {
        child.once('message', (m: { result?: unknown; error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m.result as never)));
        child.send({ step, job });
      }),
  };
}
