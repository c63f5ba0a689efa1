import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ViewerRole } from '../../shared/protocol/events.js';
import type { PresenceRegistry } from '../realtime/presence.js';
import type { LostPresence, ViewerPresence } from '../sessions/ports.js';
import { LuaScript, redisUnavailable } from './redis.js';

/**
 * Redis layout (every key under the cluster's prefix `p`):
 * - `p presence:<sessionId>`: a hash, field `agent` → `{ socketId, node }`, field `v:<viewerId>` →
 *   `{ node, viewer }`: who is connected to the session, and through which node;
 * - `p node:<nodeId>`: exists while the node is alive (`membership.ts` renews it);
 * - `p node:<nodeId>:sessions`: the sessions where the node holds someone, to hand them over
 *   when it dies.
 * An entry counts only while its node is alive, so a node that dies takes its entries with it at
 * once, before anyone has cleaned them up.
 */

/** A session's presence stays at most this long without a change (a safety net; sessions end sooner). */
const PRESENCE_TTL_MS = 24 * 60 * 60_000;

/** KEYS: presence hash. ARGV: field, prefix. The entry's value if its node is alive. */
const LIVE_ENTRY = new LuaScript(`
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return false end
local e = cjson.decode(v)
if redis.call('EXISTS', ARGV[2] .. 'node:' .. e.node) == 1 then return v end
return false
`);

/** KEYS: presence hash. ARGV: prefix. The values of every viewer entry whose node is alive. */
const LIVE_VIEWERS = new LuaScript(`
local all = redis.call('HGETALL', KEYS[1])
local out = {}
for i = 1, #all, 2 do
  if string.sub(all[i], 1, 2) == 'v:' then
    local e = cjson.decode(all[i + 1])
    if redis.call('EXISTS', ARGV[1] .. 'node:' .. e.node) == 1 then table.insert(out, all[i + 1]) end
  end
end
return out
`);

/**
 * KEYS: presence hash. ARGV: field, socket or viewer id, node. Removes the entry only if it is
 * still the one this node recorded (a newer connection, or one recovered on another node, stays).
 */
const REMOVE_OWN = new LuaScript(`
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return false end
local e = cjson.decode(v)
local id = e.socketId or (e.viewer and e.viewer.viewerId)
if id ~= ARGV[2] or e.node ~= ARGV[3] then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
return v
`);

/**
 * KEYS: the dead node's session set. ARGV: node, prefix. Takes every entry the node held out of
 * its sessions' presence: per session `{ sessionId, agent (0|1), viewer entries… }`.
 */
const TAKE_NODE = new LuaScript(`
local out = {}
for _, sid in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = ARGV[2] .. 'presence:' .. sid
  local all = redis.call('HGETALL', key)
  local agent, viewers = 0, {}
  for i = 1, #all, 2 do
    local e = cjson.decode(all[i + 1])
    if e.node == ARGV[1] then
      redis.call('HDEL', key, all[i])
      if all[i] == 'agent' then agent = 1 else table.insert(viewers, all[i + 1]) end
    end
  end
  if agent == 1 or #viewers > 0 then
    local row = { sid, agent }
    for _, v in ipairs(viewers) do table.insert(row, v) end
    table.insert(out, row)
  end
end
redis.call('DEL', KEYS[1])
return out
`);

const Viewer = z.object({ viewerId: z.string(), userId: z.number(), name: z.string(), role: ViewerRole });
const ViewerEntry = z.object({ node: z.string(), viewer: Viewer });
const parseViewer = (json: string): ViewerPresence => ViewerEntry.parse(JSON.parse(json)).viewer;
const TakenRow = z.tuple([z.string(), z.number()], z.string());

/** Presence across nodes, in Redis (see the layout above). */
export class RedisPresence implements PresenceRegistry {
  constructor(
    private readonly redis: Redis,
    /** The cluster's key prefix, e.g. `ra:<store id>:`. */
    private readonly prefix: string,
    private readonly nodeId: string,
  ) {}

  private key(sessionId: number): string {
    return `${this.prefix}presence:${sessionId}`;
  }

  private nodeSessions(nodeId: string): string {
    return `${this.prefix}node:${nodeId}:sessions`;
  }

  async agentConnected(sessionId: number): Promise<boolean> {
    return (await LIVE_ENTRY.run(this.redis, [this.key(sessionId)], ['agent', this.prefix])) !== null;
  }

  async viewers(sessionId: number): Promise<ViewerPresence[]> {
    const values = z.array(z.string()).parse(await LIVE_VIEWERS.run(this.redis, [this.key(sessionId)], [this.prefix]));
    return values.map(parseViewer);
  }

  async viewer(sessionId: number, viewerId: string): Promise<ViewerPresence | undefined> {
    const value = await LIVE_ENTRY.run(this.redis, [this.key(sessionId)], [`v:${viewerId}`, this.prefix]);
    return typeof value === 'string' ? parseViewer(value) : undefined;
  }

  setAgent(sessionId: number, socketId: string): Promise<void> {
    return this.record(sessionId, 'agent', { socketId, node: this.nodeId });
  }

  async removeAgent(sessionId: number, socketId: string): Promise<boolean> {
    return (await REMOVE_OWN.run(this.redis, [this.key(sessionId)], ['agent', socketId, this.nodeId])) !== null;
  }

  addViewer(sessionId: number, viewer: ViewerPresence): Promise<void> {
    return this.record(sessionId, `v:${viewer.viewerId}`, { node: this.nodeId, viewer });
  }

  async removeViewer(sessionId: number, viewerId: string): Promise<ViewerPresence | undefined> {
    const value = await REMOVE_OWN.run(this.redis, [this.key(sessionId)], [`v:${viewerId}`, viewerId, this.nodeId]);
    return typeof value === 'string' ? parseViewer(value) : undefined;
  }

  async clear(sessionId: number): Promise<void> {
    await this.exec(this.redis.multi().del(this.key(sessionId)));
  }

  /** Takes out of every session what a dead node held there: the disconnects it could not report. */
  async takeNode(nodeId: string): Promise<LostPresence[]> {
    const rows = z.array(TakenRow).parse(await TAKE_NODE.run(this.redis, [this.nodeSessions(nodeId)], [nodeId, this.prefix]));
    return rows.map(([sessionId, agent, ...viewers]) => ({ sessionId: Number(sessionId), agent: agent === 1, viewers: viewers.map(parseViewer) }));
  }

  private async record(sessionId: number, field: string, entry: object): Promise<void> {
    await this.exec(
      this.redis
        .multi()
        .hset(this.key(sessionId), field, JSON.stringify(entry))
        .pexpire(this.key(sessionId), PRESENCE_TTL_MS)
        .sadd(this.nodeSessions(this.nodeId), String(sessionId))
        .pexpire(this.nodeSessions(this.nodeId), PRESENCE_TTL_MS),
    );
  }

  private async exec(multi: ReturnType<Redis['multi']>): Promise<void> {
    try {
      const results = await multi.exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (failed) throw failed;
    } catch (error) {
      throw redisUnavailable(error);
    }
  }
}
