import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { buildOutputs } from './build/buildOutputsPlugin';

/** Where `vite dev` sends `/api/*`: the backend, which serves the built app itself in production. */
const backendUrl = process.env.CALLBOARD_BACKEND_URL ?? 'http://localhost:7007';

/**
 * Our own TypeScript sources (packages/*\/src, plugins/*\/src) have no import-time side effects:
 * plugins are listed explicitly, never registered by importing a file (STYLE.md). Saying so lets
 * the bundler drop modules nothing uses, such as the zod schemas behind a barrel file, so zod
 * loads with the first page that validates a response instead of in the shell. CSS always
 * counts as a side effect. (The same as `"sideEffects": ["*.css"]` in each package.json.)
 */
function hasSideEffects(id: string): boolean {
  const ownSource = /\/(packages|plugins)\/[^/]+\/src\//.test(id) && !id.includes('/node_modules/');
  return !ownSource || /\.css($|\?)/.test(id);
}

const outputs = buildOutputs({
  repositoryRoot: resolve(import.meta.dirname, '../..'),
  appDir: import.meta.dirname,
  distDir: resolve(import.meta.dirname, 'dist'),
});

export default defineConfig({
  plugins: [react(), outputs.main],
  worker: { plugins: outputs.worker },
  server: {
    host: '127.0.0.1',
    port: 3000,
    strictPort: true,
    proxy: { '/api': { target: backendUrl, changeOrigin: true } },
  },
  preview: {
    host: '127.0.0.1',
    port: 3000,
    proxy: { '/api': { target: backendUrl, changeOrigin: true } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The build writes brotli and gzip copies itself and reports their sizes (build/).
    reportCompressedSize: false,
    target: 'es2023',
    rolldownOptions: {
      treeshake: { moduleSideEffects: hasSideEffects },
    },
  },
});
