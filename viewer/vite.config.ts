import { join } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The web app, built into viewer/dist and served by the RemoteAssist server itself, and the end
 * users' join page (`join.html`, served at /join): a second, light entry that shares no code with
 * the staff app but `shared/` and the playback check. No inline script anywhere (the server's
 * Content-Security-Policy forbids it): the module-preload polyfill Vite would inline is turned off.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
    rollupOptions: { input: { main: join(import.meta.dirname, 'index.html'), join: join(import.meta.dirname, 'join.html') } },
  },
});
