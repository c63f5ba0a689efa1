import { io } from 'socket.io-client';

/**
 * The attacker of bench/joinStorm.ts, in its own process so its work does not slow the server's
 * event loop: `count` agent handshakes with wrong join codes, `concurrency` at a time. Replies
 * over IPC with the refusal codes seen and how long the storm took.
 */
function wrongHandshake(url: string, i: number): Promise<string> {
  const socket = io(`${url}/agent`, { auth: { joinCode: String(100_000_000 + i) }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.disconnect();
      resolve('ADMITTED');
    });
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
      socket.disconnect();
      resolve(error.data?.code ?? error.message);
    });
  });
}

process.once('message', (job: { url: string; count: number; concurrency: number }) => {
  const started = performance.now();
  const codes = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    while (next < job.count) {
      const code = await wrongHandshake(job.url, next++);
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
  };
  void Promise.all(Array.from({ length: job.concurrency }, worker)).then(() => {
    process.send!({ seconds: (performance.now() - started) / 1000, codes: Object.fromEntries(codes) });
  });
});
