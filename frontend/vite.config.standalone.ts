import { defineConfig } from 'vite';
import { common, kubedIconsShim, onwarn } from './vite.shared';

// Standalone entry: index.html + hashed assets at dist/, every dependency bundled.
export default defineConfig({
  ...common,
  base: '/',
  plugins: [kubedIconsShim()],
  build: {
    outDir: 'dist',
    // scripts/clean.mjs empties dist/ first, keeping dist/.gitkeep
    emptyOutDir: false,
    target: 'es2018',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    rollupOptions: { onwarn },
  },
});
