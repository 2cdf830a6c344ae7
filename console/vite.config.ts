/** @module Vite build of the web console into console/dist, served by `everynode up` under /console/. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  // The app imports pure helpers from ../src/api and ../src/controllers.
  server: { fs: { allow: ['..'] } },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The console handler serves text bodies only, so every binary asset is inlined.
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    chunkSizeWarningLimit: 5000,
    sourcemap: false,
    rolldownOptions: {
      // antd's "use client" markers only matter for React Server Components.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
