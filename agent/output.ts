/**
 * Writes to stdout or stderr where there is one. A double-clicked Windows program has no console
 * (the executable is a GUI-subsystem program), and under Wine a pipe as stdio fails with EBADF as
 * soon as Node opens it: nothing the agent says there may crash it. The session log is the
 * record; this is a courtesy for someone running it from a shell.
 */
export function writeOut(to: 'stdout' | 'stderr', text: string): void {
  try {
    // Node opens the stream on first access: that is where a missing or broken one throws.
    const stream = process[to];
    // A write that fails later (the terminal went away) reports it as an event; nobody is left to tell.
    if (stream.listenerCount('error') === 0) stream.on('error', () => undefined);
    stream.write(text);
  } catch {
    // No usable stdout/stderr (no console, a closed terminal): there is nobody to tell.
  }
}
