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

/**
 * How the bundle is cut (ADR 0021). Every page needs the shell (React, the router, Mantine, the
 * layout, the query cache, zod): it comes as two files, React with the router (which change
 * rarely, so they stay cached across releases) and the rest, instead of twenty small shared
 * chunks that each cost a request and its headers. Pages and their libraries load on demand; the
 * two heaviest pages' libraries come in parts below Vite's 500 kB warning (Redoc with its
 * dependencies is 1 MB, the template form with ajv 570 kB), split along library lines: cutting
 * by size (`maxSize`) broke CommonJS initialisation order in the template form, and
 * `strictExecutionOrder` fixes that at 2.5 % more bytes on every page.
 */
const chunkGroups = [
  {
    name: 'react',
    test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/,
    tags: ['$initial' as const],
    priority: 3,
  },
  { name: 'shell', tags: ['$initial' as const], priority: 2 },
  // Shared by ajv (template forms) and Redoc's own ajv: their own small chunk, so neither page
  // loads the other's libraries for them.
  {
    name: 'json-schema-utilities',
    test: /node_modules[\\/](fast-deep-equal|json-schema-traverse)[\\/]/,
    priority: 2,
  },
  {
    name: 'openapi-core',
    test: /node_modules[\\/](@redocly|openapi-sampler|js-yaml)[\\/]/,
    priority: 1,
  },
  {
    name: 'redoc-libraries',
    test: /node_modules[\\/](prismjs|mobx|mobx-react|mobx-react-lite|lunr|dompurify|polished|styled-components|marked)[\\/]/,
    priority: 1,
  },
  {
    name: 'form-validation',
    test: /node_modules[\\/](ajv|ajv-formats|fast-uri|fast-deep-equal|json-schema-traverse)[\\/]/,
    priority: 1,
  },
];

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
      output: { codeSplitting: { groups: chunkGroups } },
    },
  },
});
