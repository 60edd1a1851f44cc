import { defineConfig } from 'vite';
import { common, KS_EXTERNALS, onwarn } from './vite.shared';

// KubeSphere entry: one SystemJS module at dist/okg-console/index.js, host modules left external.
export default defineConfig({
  ...common,
  build: {
    outDir: 'dist/okg-console',
    emptyOutDir: true,
    // public/ (the standalone page's favicon) is not part of the bundle the host loads
    copyPublicDir: false,
    target: 'es2018',
    sourcemap: false,
    lib: { entry: 'src/ks/index.tsx', formats: ['system'], fileName: () => 'index.js' },
    rollupOptions: {
      external: (id) => KS_EXTERNALS.includes(id),
      output: { inlineDynamicImports: true },
      onwarn,
    },
  },
});
