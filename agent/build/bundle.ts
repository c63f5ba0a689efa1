import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import type { BuildInfo } from '../native/assets.js';

const CARRIED = join(import.meta.dirname, '..', 'native', 'carried.ts');

/**
 * The addons' own loaders search node_modules for a platform package, which a single executable
 * does not have. Their native part is swapped for the checked copy the executable carries; the
 * JavaScript around it is bundled as it is.
 */
const carriedAddons: Plugin = {
  name: 'carried-addons',
  setup(b) {
    const redirect = (name: string) => ({ contents: `module.exports = require(${JSON.stringify(CARRIED)}).loadCarriedAddon(${JSON.stringify(name)});`, loader: 'js' as const, resolveDir: import.meta.dirname });
    // @roamhq/wrtc/lib/binding.js requires `@roamhq/wrtc-<platform>-<arch>`.
    b.onLoad({ filter: /[\\/]@roamhq[\\/]wrtc[\\/]lib[\\/]binding\.js$/ }, () => redirect('wrtc.node'));
    // koffi's static loader requires `@koromix/koffi-<platform>-<arch>`; its CommonJS build is
    // taken because the ES one locates files through import.meta, which a bundle does not keep.
    b.onResolve({ filter: /^koffi$/ }, () => ({ path: createRequire(import.meta.url).resolve('koffi') }));
    b.onLoad({ filter: /[\\/]koffi[\\/]src[\\/]koffi[\\/]src[\\/]static\.cjs$/ }, () => ({
      contents: `exports.loadStatic = () => require(${JSON.stringify(CARRIED)}).loadCarriedAddon('koffi.node');`,
      loader: 'js',
      resolveDir: import.meta.dirname,
    }));
  },
};

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
    plugins: [carriedAddons],
  });
  if (result.errors.length > 0) throw new Error(`esbuild: ${result.errors.map((e) => e.text).join('; ')}`);
}
