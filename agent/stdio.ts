import { Writable } from 'node:stream';

/**
 * Gives the process a stdout and stderr it can always write to. Node opens them on first access;
 * under Wine a pipe there throws EBADF at that moment, and libraries touch `process.stderr` while
 * they load (debug, under socket.io-client, asks it whether to print colours). A Windows GUI
 * program with no console gets what Node gives it there: a stream that discards what it is given.
 * Imported first by the entry point, before any library is evaluated.
 */
function ensureWritable(name: 'stdout' | 'stderr'): void {
  try {
    void process[name];
  } catch {
    // Nobody can read this output: it is discarded, as Node does for a program without a console.
    const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
    Object.defineProperty(process, name, { value: discard, configurable: true, enumerable: true, writable: false });
  }
}

ensureWritable('stdout');
ensureWritable('stderr');
