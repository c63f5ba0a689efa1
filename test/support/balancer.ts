import { connect, createServer, type Socket } from 'node:net';

export interface Balancer {
  url: string;
  /** The nodes' ports; replace an entry to put a new node in a dead one's place. */
  readonly targets: number[];
  /** The node (index into `targets`) each accepted connection went to, in order. */
  readonly routes: number[];
  /**
   * The order in which new connections try the nodes (each skips to the next when a node refuses);
   * null for round robin. Tests use it to put a client on a given node.
   */
  prefer(order: number[] | null): void;
  close(): Promise<void>;
}

/**
 * A tiny TCP load balancer for the cluster tests, what an L4 balancer does in front of the
 * nodes: each new connection goes to the next node in turn and, if that one refuses (it died or
 * stopped accepting), to the one after. The bytes are passed through untouched, so HTTP, long
 * polling and WebSocket upgrades work alike; a connection is bound to its node until either side
 * closes it (no stickiness beyond that — the clients use WebSocket only).
 */
export async function startBalancer(targets: number[]): Promise<Balancer> {
  let next = 0;
  let preferred: number[] | null = null;
  const routes: number[] = [];
  const open = new Set<Socket>();

  const order = (): number[] => {
    if (preferred) return preferred;
    const start = next++ % targets.length;
    return targets.map((_, i) => (start + i) % targets.length);
  };

  const route = (client: Socket, candidates: number[]) => {
    const [index, ...rest] = candidates;
    if (index === undefined) {
      client.destroy();
      return;
    }
    const upstream = connect(targets[index]!, '127.0.0.1');
    open.add(upstream);
    upstream.once('close', () => open.delete(upstream));
    // Refused before it connected: that node is gone, the next one is tried (the client never knows).
    const refused = () => route(client, rest);
    upstream.once('error', refused);
    upstream.once('connect', () => {
      routes.push(index);
      upstream.off('error', refused);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  };

  const server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    route(client, order());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the balancer has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    targets,
    routes,
    prefer: (o) => {
      preferred = o;
    },
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
