import { defineConfig } from 'vitest/config';
import { common } from './vite.shared';

export default defineConfig({
  esbuild: common.esbuild,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
  },
});
