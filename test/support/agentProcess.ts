import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './processes.js';

/**
 * The real agent CLI as a child process, driven through its stdin like a user at the
 * terminal: wait for a prompt to appear, then type the answer.
 */
export interface AgentProcess {
  child: ChildProcessWithoutNullStreams;
  logDir: string;
  output(): string;
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  type(line: string): void;
  exited: Promise<number | null>;
}

export function startAgent(args: string[], env: Record<string, string> = {}): AgentProcess {
  return startAgentProgram([process.execPath, 'agent/remote-assist-agent.js'], args, env);
}

/** The same, for another way to run the agent (the single-file build: `[path]`). */
export function startAgentProgram(command: string[], args: string[], env: Record<string, string> = {}): AgentProcess {
  const logDir = mkdtempSync(join(tmpdir(), 'ra-agent-log-'));
  const [program, ...first] = command;
  const child = spawn(program!, [...first, '--log-dir', logDir, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: Array<() => void> = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of waiters.splice(0)) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let consumed = 0;
  return {
    child,
    logDir,
    output: () => out,
    waitFor(text, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`agent never printed ${String(text)}; output:\n${out}`)), timeoutMs);
        const check = () => {
          const rest = out.slice(consumed);
          const index = typeof text === 'string' ? rest.indexOf(text) : rest.search(text);
          if (index >= 0) {
            consumed += index + 1;
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      });
    },
    type: (line) => child.stdin.write(`${line}\n`),
    exited,
  };
}

/** Types the consent answers at the agent's prompts, as the user would. */
export async function consent(a: AgentProcess, name = 'Lee Tester', observers: 'yes' | 'no' = 'no'): Promise<void> {
  await a.waitFor('Type "yes"');
  a.type('yes');
  await a.waitFor('Type your name');
  a.type(name);
  await a.waitFor('supervisor');
  a.type(observers);
}
