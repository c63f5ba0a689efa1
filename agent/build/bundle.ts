import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import type { BuildInfo } from '../native/assets.js';

const CARRIED = join(import.meta.dirname, '..', 'native', 'carried.ts');

/** The addons the agent loads: WebRTC and koffi. */
export type AddonName = 'wrtc.node' | 'koffi.node';
/** JavaScript that evaluates to an addon's exports (a bundle has no node_modules to find it in). */
export type AddonSource = (name: AddonName) => string;

/** The single executable's way: the checked copy it carries (agent/native/carried.ts). */
export const carriedAddon: AddonSource = (name) => `require(${JSON.stringify(CARRIED)}).loadCarriedAddon(${JSON.stringify(name)})`;

/**
 * The addons' own loaders search node_modules for a platform package, which a bundle run
 * elsewhere does not have. Their native part is swapped for `source`; the JavaScript around it
 * is bundled as it is.
 */
export function nativeAddons(source: AddonSource): Plugin {
  return {
    name: 'native-addons',
    setup(b) {
      // @roamhq/wrtc/lib/binding.js requires `@roamhq/wrtc-<platform>-<arch>`.
      b.onLoad({ filter: /[\\/]@roamhq[\\/]wrtc[\\/]lib[\\/]binding\.js$/ }, () => ({ contents: `module.exports = ${source('wrtc.node')};`, loader: 'js', resolveDir: import.meta.dirname }));
      // koffi's static loader requires `@koromix/koffi-<platform>-<arch>`; its CommonJS build is
      // taken because the ES one locates files through import.meta, which a bundle does not keep.
      b.onResolve({ filter: /^koffi$/ }, () => ({ path: createRequire(import.meta.url).resolve('koffi') }));
      b.onLoad({ filter: /[\\/]koffi[\\/]src[\\/]koffi[\\/]src[\\/]static\.cjs$/ }, () => ({ contents: `exports.loadStatic = () => ${source('koffi.node')};`, loader: 'js', resolveDir: import.meta.dirname }));
    },
  };
}

/**
 * One CommonJS file with the whole agent (Node's single executables run one CommonJS script),
 * the build's record of its carried files written into it.
 */
export async function bundleAgent(entry: string, outfile: string, info: BuildInfo): Promise<void> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
    define: { RA_BUILD_INFO: JSON.stringify(info) },
    plugins: [nativeAddons(carriedAddon)],
  });
  if (result.errors.length > 0) throw new Error(`esbuild: ${result.errors.map((e) => e.text).join('; ')}`);
}
