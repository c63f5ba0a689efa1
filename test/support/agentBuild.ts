import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { agentBuildFileName, type AgentTarget } from '../../shared/agentBuilds.js';
import { finished, ROOT, spawnTs } from './processes.js';

export const AGENT_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
export const BUILD_DIR = join(ROOT, 'dist', 'agent');
export const PIECES_CACHE = join(ROOT, '.cache', 'agent-build');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The built single-file agent for `target`, built now (`npm run build:agent`) when it is missing
 * or older than the agent's sources, so a test never runs a stale build. CI builds it once first.
 */
export async function ensureAgentBuild(target: AgentTarget): Promise<string> {
  const file = join(BUILD_DIR, agentBuildFileName(AGENT_VERSION, target));
  const sources = Math.max(newestSource(join(ROOT, 'agent')), newestSource(join(ROOT, 'shared')));
  if (existsSync(file) && statSync(file).mtimeMs > sources) return file;
  const result = await finished(spawnTs('agent/build/main.ts', ['--target', target]), 300_000);
  if (result.code !== 0) throw new Error(`build:agent failed:\n${result.stdout}\n${result.stderr}`);
  return file;
}

/** A file of a pinned piece as the build fetched it, for comparing with what the executable unpacked. */
export function pieceFile(tarballBase: string, file: string): string {
  return join(PIECES_CACHE, tarballBase, 'package', file);
}
