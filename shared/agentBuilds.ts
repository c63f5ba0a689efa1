import { z } from 'zod';

/**
 * The single-file agent builds and their file names, shared by the build (agent/build) and the
 * server's download page: `RemoteAssist-Support-<version>-<target>[.exe]`.
 */
export const AGENT_TARGETS = ['win-x64', 'linux-x64'] as const;
export type AgentTarget = (typeof AGENT_TARGETS)[number];

export function agentBuildFileName(version: string, target: AgentTarget): string {
  return `RemoteAssist-Support-${version}-${target}${target.startsWith('win') ? '.exe' : ''}`;
}

const BUILD_NAME = /^RemoteAssist-Support-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)-(win-x64|linux-x64)(\.exe)?$/;

/** The version and target a build file's name says, or null for any other name. */
export function parseAgentBuildFileName(name: string): { version: string; target: AgentTarget } | null {
  const m = BUILD_NAME.exec(name);
  if (!m) return null;
  const target = m[2] as AgentTarget;
  // The Windows build, and only it, ends in .exe.
  if ((target === 'win-x64') !== (m[3] === '.exe')) return null;
  return { version: m[1]!, target };
}

/** One build as `GET /api/agent/builds` lists it (the same builds as the `/download` page). */
export const AgentBuildListing = z.object({
  file: z.string(),
  version: z.string(),
  target: z.enum(AGENT_TARGETS),
  sizeBytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Same origin: `/download/<file>`. */
  url: z.string(),
});
export type AgentBuildListing = z.infer<typeof AgentBuildListing>;
