import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);

/** One file taken from one pinned registry package. */
export const Piece = z.object({
  package: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'an exact version'),
  /** The registry's `dist.integrity` of the tarball. */
  integrity: z.string().regex(/^sha512-[A-Za-z0-9+/]+=*$/),
  /** Path of the wanted file inside the package. */
  file: z.string().min(1),
});
export type Piece = z.infer<typeof Piece>;

export const TargetPieces = z.object({
  /** The Node runtime the single executable is made from. */
  runtime: Piece,
  /** Files carried inside the executable, by the name the agent asks for them. */
  assets: z.record(z.string().regex(/^[a-z0-9._-]+$/i), Piece),
});
export type TargetPieces = z.infer<typeof TargetPieces>;

export { AGENT_TARGETS as TARGETS, type AgentTarget as Target } from '../../shared/agentBuilds.js';

export const PiecesManifest = z.object({
  targets: z.object({ 'win-x64': TargetPieces, 'linux-x64': TargetPieces }),
});
export type PiecesManifest = z.infer<typeof PiecesManifest>;

export function readManifest(path: string): PiecesManifest {
  return PiecesManifest.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** The integrity string (npm's SRI form) of some bytes. */
export function integrityOf(bytes: Uint8Array): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

/** npm names a packed `@scope/name@1.2.3` `scope-name-1.2.3.tgz`. */
export function tarballName(piece: Pick<Piece, 'package' | 'version'>): string {
  return `${piece.package.replace(/^@/, '').replace('/', '-')}-${piece.version}.tgz`;
}

export class IntegrityError extends Error {
  override readonly name = 'IntegrityError';
}

/** Refuses a tarball whose SHA-512 is not the pinned one. */
export function verifyTarball(path: string, piece: Piece): void {
  const actual = integrityOf(readFileSync(path));
  if (actual !== piece.integrity) {
    throw new IntegrityError(`${piece.package}@${piece.version}: tarball ${path} has ${actual}, the manifest pins ${piece.integrity}`);
  }
}

/**
 * The path of `piece.file` on disk: the tarball is fetched with `npm pack` into the cache (once),
 * checked against the pinned integrity every time, and unpacked next to it (once).
 */
export async function fetchPiece(piece: Piece, cacheDir: string, log: (line: string) => void = () => undefined): Promise<string> {
  mkdirSync(cacheDir, { recursive: true });
  const tarball = join(cacheDir, tarballName(piece));
  if (!existsSync(tarball)) {
    log(`npm pack ${piece.package}@${piece.version}`);
    await run('npm', ['pack', '--silent', '--pack-destination', cacheDir, `${piece.package}@${piece.version}`], { maxBuffer: 2 ** 20 });
  }
  try {
    verifyTarball(tarball, piece);
  } catch (error) {
    // A bad tarball must not stay in the cache, or every later build would trip on it.
    rmSync(tarball, { force: true });
    throw error;
  }
  const unpacked = tarball.replace(/\.tgz$/, '');
  const file = join(unpacked, 'package', piece.file);
  if (!existsSync(file)) {
    const partial = `${unpacked}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    await run('tar', ['-xzf', tarball, '-C', partial]);
    rmSync(unpacked, { recursive: true, force: true });
    renameSync(partial, unpacked);
    if (!existsSync(file)) throw new Error(`${piece.package}@${piece.version} has no ${piece.file}`);
  }
  return file;
}
