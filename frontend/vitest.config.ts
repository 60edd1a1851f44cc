import { defineConfig } from 'vitest/config';
import { common } from './vite.shared';

export default defineConfig({
  esbuild: common.esbuild,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    // the machine is shared (2 cores); rendered-table tests take seconds under load
    testTimeout: 30_000,
  },
});
