import { defineConfig } from 'vite';

// Built into dist/ and served by `modellake serve` at `/`; relative asset paths so any mount point works.
export default defineConfig({
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
});
