import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A port that was free a moment ago on 127.0.0.1 (the daemon binds it itself, so a race is retried). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The environment without libfaketime (`faketime '+400 days' npx vitest …`): a database server
 * is another machine with a clock of its own, the application's time is injected anyway, and
 * Redis's allocator does not even start under the preloaded library.
 */
function realTime(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { LD_PRELOAD: _preload, FAKETIME: _faketime, ...rest } = env;
  return Object.fromEntries(Object.entries(rest).filter(([name]) => !name.startsWith('FAKETIME')));
}

export interface Daemon {
  child: ChildProcess;
  /** Everything it printed so far (for failure messages). */
  output(): string;
  /** Sends `signal` and waits for the exit; kills it if it takes longer than `timeoutMs`. */
  stop(signal: NodeJS.Signals, timeoutMs?: number): Promise<void>;
}

/**
 * The command line that runs `command` tied to this process: the kernel kills it when the test
 * worker that started it dies, even by SIGKILL or a timeout that skips every `afterAll`
 * (`setpriv --pdeathsig`, util-linux). `credentials` are more setpriv options (a user to run as),
 * given in the same call because a change of user clears the parent-death signal.
 */
export function tiedToThisProcess(command: string, args: string[], credentials: string[] = []): [string, string[]] {
  return ['setpriv', ['--pdeathsig', 'KILL', ...credentials, '--', command, ...args]];
}

/**
 * Starts a server process for a test file (its command line from `tiedToThisProcess`) and
 * resolves once it printed `ready`; rejects with its output if it exits or stays silent for
 * `timeoutMs`.
 */
export function startDaemon(command: string, args: string[], ready: RegExp, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Daemon> {
  const child = spawn(command, args, { env: realTime(options.env ?? process.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const daemon: Daemon = {
    child,
    output: () => output,
    stop: async (signal, timeoutMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not get ready within ${options.timeoutMs ?? 30_000} ms:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(daemon);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}
