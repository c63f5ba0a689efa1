import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { agentBuildFileName } from '../../shared/agentBuilds.js';
import type { AssetRecord } from '../native/assets.js';
import { bundleAgent } from './bundle.js';
import { fetchPiece, readManifest, type Target, TARGETS } from './pieces.js';
import { injectBlob, makeBlob, packAsset } from './sea.js';
import { signExecutable, signingConfig } from './sign.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BUILD_CACHE = join(ROOT, '.cache', 'agent-build');

function timed<T>(label: string, work: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  return Promise.resolve().then(work).finally(() => console.log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`));
}

/**
 * `npm run build:agent [-- --target win-x64|linux-x64] [--out DIR]`: the end user's agent as one
 * executable per target, from pinned registry packages only (agent/build/pieces.json).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { target: { type: 'string', multiple: true }, out: { type: 'string' } } });
  const targets = (values.target ?? [...TARGETS]).map((t) => {
    if (!(TARGETS as readonly string[]).includes(t)) throw new Error(`unknown target ${t}; one of ${TARGETS.join(', ')}`);
    return t as Target;
  });
  const outDir = resolve(values.out ?? join(ROOT, 'dist', 'agent'));
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const manifest = readManifest(join(import.meta.dirname, 'pieces.json'));
  const signing = signingConfig(process.env);
  const log = (line: string) => console.log(`  ${line}`);
  mkdirSync(outDir, { recursive: true });
  // The blob is made by the Linux build of the runtimes' Node version (see makeBlob).
  const blobNode = await fetchPiece(manifest.targets['linux-x64'].runtime, BUILD_CACHE, log);

  for (const target of targets) {
    console.log(`${target}:`);
    const pieces = manifest.targets[target];
    const work = join(BUILD_CACHE, 'work', target);
    mkdirSync(work, { recursive: true });
    const runtime = await timed('fetch and verify pieces', async () => {
      const files: Record<string, string> = {};
      for (const [name, piece] of Object.entries(pieces.assets)) files[name] = await fetchPiece(piece, BUILD_CACHE, log);
      return { node: await fetchPiece(pieces.runtime, BUILD_CACHE, log), files };
    });
    const packed: Record<string, string> = {};
    const records: Record<string, AssetRecord> = {};
    await timed('compress assets', () => {
      for (const [name, file] of Object.entries(runtime.files)) {
        packed[name] = join(work, `${name}.br`);
        records[name] = packAsset(file, packed[name]);
      }
    });
    const bundle = join(work, 'agent.cjs');
    await timed('bundle', () => bundleAgent(join(ROOT, 'agent', 'main.ts'), bundle, { version, target, assets: records }));
    const blob = await timed('SEA blob', () => makeBlob(blobNode, bundle, packed, work));
    const out = join(outDir, agentBuildFileName(version, target));
    await timed('inject', () => injectBlob(runtime.node, blob, out, target.startsWith('win')));
    if (signing && target.startsWith('win')) await timed('sign', () => signExecutable(out, signing));
    console.log(`  → ${out} (${(statSync(out).size / 2 ** 20).toFixed(1)} MiB)${signing ? '' : target.startsWith('win') ? ', not signed (RA_SIGN_PKCS12 unset)' : ''}`);
  }
}

main().catch((error: unknown) => {
  console.error(`build:agent: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
