import { parseArgs } from 'node:util';
import { MinimumSpec } from '../shared/protocol/diagnosticResults.js';
import { ServerChannel, JoinError } from './channel.js';
import { monotonicClock } from './countdown.js';
import { MESSAGES, pickLanguage } from './i18n.js';
import { LocalLog } from './localLog.js';
import { prepareCarriedFiles } from './native/carried.js';
import { backendsFor } from './platform.js';
import { AgentSession } from './session.js';
import { EXIT } from './sessionParts.js';
import { Terminal } from './terminal.js';
import { normaliseJoinCode } from '../shared/protocol/session.js';

const USAGE = 'Usage: remote-assist-agent [--server URL] [--lang ko|en] [--log-dir DIR] [code]\n';
const MAX_CODE_TRIES = 3;

/** `remote-assist-agent [--server URL] [code]`: what the end user runs when the engineer reads a code. */
async function main(argv: string[]): Promise<number> {
  // The single executable's own files (addons, ffmpeg), checked before anything uses them.
  const carried = prepareCarriedFiles();
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { server: { type: 'string' }, lang: { type: 'string' }, 'log-dir': { type: 'string' }, help: { type: 'boolean' } } });
  } catch {
    process.stderr.write(USAGE);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  const language = pickLanguage(values.lang, process.env);
  const m = MESSAGES[language];
  const serverUrl = (values.server ?? process.env['RA_SERVER_URL'] ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const terminal = new Terminal(process.stdin, process.stdout, monotonicClock);
  const log = new LocalLog(values['log-dir'], new Date());
  let session: AgentSession | null = null;
  onStopSignals((why) => {
    // Once a session runs, stopping it properly is what ends the process.
    if (session) return session.stop(why);
    log.write('stopped before a session began', why);
    process.exit(EXIT.ok);
  });
  terminal.print(m.banner);
  terminal.print(m.logFile(log.path));
  for (const file of carried) log.write('program file', `${file.name} ${file.action}: ${file.path}`);

  let code = positionals[0] ?? null;
  let channel: ServerChannel | null = null;
  for (let attempt = 1; !channel; attempt++) {
    code = code && normaliseJoinCode(code) ? code : await terminal.ask(m.askCode);
    if (code === null) return EXIT.usage;
    terminal.print(m.connecting(serverUrl));
    try {
      channel = await ServerChannel.connect(serverUrl, code, (event, detail) => log.write(event, detail));
    } catch (error) {
      if (!(error instanceof JoinError)) throw error;
      log.write('join refused', error.code);
      // The server answered but cannot check codes now (SERVICE_UNAVAILABLE): the code is unused, try later.
      if (error.code === 'UNREACHABLE' || error.code === 'SERVICE_UNAVAILABLE') return fail(terminal, m.unreachable(serverUrl), EXIT.unreachable);
      if (error.code === 'JOIN_CODE_EXPIRED') return fail(terminal, m.codeExpired, EXIT.joinRefused);
      if (error.code === 'RATE_LIMITED') return fail(terminal, m.rateLimited(error.retryAfterSeconds ?? 60), EXIT.joinRefused);
      terminal.print(m.codeInvalid);
      if (attempt >= MAX_CODE_TRIES) return fail(terminal, m.tooManyTries, EXIT.joinRefused);
      code = null;
    }
  }
  log.write('joined', `session ${channel.welcome.sessionId} at ${serverUrl}`);
  const { capture, input } = backendsFor(process.platform, (error) => log.write('input error', error.message));
  const displays = await capture.listDisplays().catch((error: unknown) => {
    log.write('capture error', error instanceof Error ? error.message : String(error));
    return [];
  });
  log.write('capture', `${capture.name}: ${displays.map((d) => `${d.name} ${d.width}×${d.height}${d.primary ? ' (primary)' : ''}`).join(', ') || 'no display'}`);
  session = new AgentSession({
    serverUrl,
    channel,
    terminal,
    messages: m,
    language,
    clock: monotonicClock,
    log,
    capture,
    input,
    minimum: MinimumSpec.parse({}),
    displays,
    warningMinutes: [10, 1],
  });
  return session.run();
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

function fail(terminal: Terminal, message: string, code: number): number {
  terminal.print(message);
  return code;
}

// Always leave through process.exit: the native WebRTC module crashes on a natural exit.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`remote-assist-agent: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(EXIT.error);
  },
);
