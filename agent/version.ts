import packageJson from '../package.json' with { type: 'json' };

/**
 * The agent's version, as the server and the audit log are told it: package.json's, taken when
 * the single-file build is bundled (esbuild inlines the import) and read from the checkout
 * when run from source.
 */
export function agentVersion(): string {
  return packageJson.version;
}
