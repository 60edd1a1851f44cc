import { defineConfig } from 'vite';
import { common, kubedIconsShim, onwarn } from '../../vite.shared';

export default defineConfig({
  ...common,
  plugins: [kubedIconsShim()],
  build: {
    outDir: 'node_modules/.cache/okg-harness',
    emptyOutDir: true,
    minify: false,
    lib: { entry: 'scripts/harness/host.tsx', formats: ['iife'], name: 'OkgHarness', fileName: () => 'host.js' },
    rollupOptions: { onwarn },
  },
});
