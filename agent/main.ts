// First: the process's stdout and stderr must be safe to touch before any library loads.
import './stdio.js';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { MinimumSpec } from '../shared/protocol/diagnosticResults.js';
import { normaliseJoinCode } from '../shared/protocol/session.js';
import { ServerChannel, JoinError } from './channel.js';
import { monotonicClock } from './countdown.js';
import { TerminalFront, type UserFront } from './front.js';
import { pickLanguage, type Language } from './i18n.js';
import { LocalLog } from './localLog.js';
import { buildInfo } from './native/assets.js';
import { prepareCarriedFiles } from './native/carried.js';
import { writeOut } from './output.js';
import { backendsFor } from './platform.js';
import { AgentSession } from './session.js';
import { EXIT } from './sessionParts.js';
import { Terminal } from './terminal.js';
import { startAgentUi } from './ui/index.js';
import type { CodeProblem, EndedReason } from './ui/types.js';
import { WindowFront } from './windowFront.js';

const USAGE = 'Usage: remote-assist-agent [--server URL] [--lang ko|en] [--log-dir DIR] [--terminal | --window] [--no-browser] [code]\n';
const MAX_CODE_TRIES = 3;
const OPTIONS = {
  server: { type: 'string' },
  lang: { type: 'string' },
  'log-dir': { type: 'string' },
  terminal: { type: 'boolean' },
  window: { type: 'boolean' },
  'no-browser': { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** `remote-assist-agent [--server URL] [code]`: what the end user runs when the engineer reads a code. */
async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch {
    writeOut('stderr', USAGE);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    // The single executable's own files are unpacked and checked here too: a first start does it.
    prepareCarriedFiles();
    writeOut('stdout', USAGE);
    return EXIT.ok;
  }
  const log = new LocalLog(values['log-dir'], new Date());
  // The single executable's own files (addons, ffmpeg), checked before anything uses them.
  for (const file of prepareCarriedFiles()) log.write('program file', `${file.name} ${file.action}: ${file.path}`);
  const serverUrl = (values.server ?? process.env['RA_SERVER_URL'] ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  // The single-file builds open their own windows; from a checkout the terminal stays the default.
  const windowed = values.window || (!values.terminal && buildInfo() !== null);
  const language = values.lang === 'ko' || values.lang === 'en' ? values.lang : undefined;
  const front = windowed ? await windowFront(language, log, values['no-browser'] === true) : new TerminalFront(new Terminal(process.stdin, process.stdout, monotonicClock), pickLanguage(values.lang, process.env), monotonicClock);
  log.write('user interface', windowed ? `windows (${process.platform === 'win32' ? 'Win32' : 'loopback page'})` : 'terminal');
  let session: AgentSession | null = null;
  onStopSignals((why) => {
    // Once a session runs, stopping it properly is what ends the process.
    if (session) return session.stop(why, true);
    log.write('stopped before a session began', why);
    process.exit(EXIT.ok);
  });
  front.welcome(log.path);
  try {
    return await run(front, serverUrl, positionals[0] ?? null, log, (s) => (session = s));
  } catch (error) {
    // Where there is no console (a double-clicked program), the end window and the log say it.
    const what = error instanceof Error ? error.message : String(error);
    log.write('unexpected error', error instanceof Error ? (error.stack ?? what) : what);
    await front.ended('failed', what);
    throw error;
  }
}

/** Joins with the code, then runs the session to its end; resolves with the exit code. */
async function run(front: UserFront, serverUrl: string, given: string | null, log: LocalLog, started: (session: AgentSession) => void): Promise<number> {
  const channel = await join(front, serverUrl, given, log);
  if (typeof channel === 'number') return channel;
  log.write('joined', `session ${channel.welcome.sessionId} at ${serverUrl}`);
  const { capture, input } = await backendsFor(process.platform, (error) => log.write('input error', error.message));
  const displays = await capture.listDisplays().catch((error: unknown) => {
    log.write('capture error', error instanceof Error ? error.message : String(error));
    return [];
  });
  log.write('capture', `${capture.name}: ${displays.map((d) => `${d.name} ${d.width}×${d.height}${d.primary ? ' (primary)' : ''}`).join(', ') || 'no display'}`);
  const session = new AgentSession({ serverUrl, channel, front, clock: monotonicClock, log, capture, input, minimum: MinimumSpec.parse({}), displays, warningMinutes: [10, 1] });
  started(session);
  const code = await session.run();
  front.close();
  return code;
}

/** The agent's windows: Win32 on Windows, the loopback page in the browser on Linux. */
async function windowFront(language: Language | undefined, log: LocalLog, noBrowser: boolean): Promise<UserFront> {
  const onError = (error: Error) => log.write('window error', error.stack ?? error.message);
  const ui = await startAgentUi(process.platform, {
    clock: monotonicClock,
    language,
    onError,
    openBrowser: (url) => {
      // The address is spent on first use; it is shown here (never logged) for a user whose browser did not open.
      writeOut('stdout', `RemoteAssist: open ${url} in your browser if it did not open by itself.\n`);
      if (!noBrowser) openInBrowser(url, onError);
    },
  });
  return new WindowFront(ui, monotonicClock);
}

function openInBrowser(url: string, onError: (error: Error) => void): void {
  const child = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
  child.on('error', onError);
  child.unref();
}

/**
 * The code, exchanged for a session at the server: asked (up to three tries for a wrong one)
 * unless it was given on the command line. Resolves with the channel, or the exit code after the
 * user was told why there is none.
 */
async function join(front: UserFront, serverUrl: string, given: string | null, log: LocalLog): Promise<ServerChannel | number> {
  const end = async (reason: EndedReason, exit: number, detail?: string) => {
    await front.ended(reason, detail);
    front.close();
    return exit;
  };
  let code = given;
  let problem: CodeProblem | null = null;
  for (let attempt = 1; ; attempt++) {
    code = code && normaliseJoinCode(code) ? code : await front.askCode(problem);
    if (code === null) {
      front.close();
      return EXIT.usage;
    }
    front.connecting(serverUrl);
    try {
      return await ServerChannel.connect(serverUrl, code, (event, detail) => log.write(event, detail));
    } catch (error) {
      if (!(error instanceof JoinError)) throw error;
      log.write('join refused', error.code);
      // The server answered but cannot check codes now (SERVICE_UNAVAILABLE): the code is unused, try later.
      if (error.code === 'UNREACHABLE' || error.code === 'SERVICE_UNAVAILABLE') return end('unreachable', EXIT.unreachable, serverUrl);
      problem = error.code === 'JOIN_CODE_EXPIRED' ? { kind: 'expired' } : error.code === 'RATE_LIMITED' ? { kind: 'rate_limited', retryAfterSeconds: error.retryAfterSeconds ?? 60 } : { kind: 'invalid' };
      if (!front.asksAgainAfterRefusal && problem.kind === 'expired') return end('code_refused', EXIT.joinRefused);
      if (!front.asksAgainAfterRefusal && problem.kind === 'rate_limited') return end('rate_limited', EXIT.joinRefused, String(problem.retryAfterSeconds));
      front.codeRefused(problem);
      if (attempt >= MAX_CODE_TRIES) return end('too_many_codes', EXIT.joinRefused);
      code = null;
    }
  }
}

const STOP_SIGNALS: Record<'SIGINT' | 'SIGHUP' | 'SIGTERM', string> = {
  SIGINT: 'Ctrl-C (SIGINT)',
  SIGHUP: 'the terminal was closed (SIGHUP)',
  SIGTERM: 'the system asked the agent to close (SIGTERM)',
};

/**
 * Ctrl-C, a closed terminal window and a shutdown all mean "stop": the session is ended with
 * the server at once (not after its disconnect grace) and the local log says why. A second
 * signal while stopping leaves at once.
 */
function onStopSignals(stop: (why: string) => Promise<void> | void): void {
  let stopping = false;
  for (const [signal, why] of Object.entries(STOP_SIGNALS)) {
    process.on(signal, () => {
      if (stopping) process.exit(EXIT.ok);
      stopping = true;
      void stop(why);
    });
  }
}

// Always leave through process.exit: the native WebRTC module crashes on a natural exit.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    writeOut('stderr', `remote-assist-agent: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(EXIT.error);
  },
);
