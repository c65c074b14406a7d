import { defineConfig } from '@playwright/test';
import { WEB_PORT } from './tests/e2e/webTarget';

export default defineConfig({
  testDir: './tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['./tests/e2e/skipReasons.ts']],
  use: {
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    actionTimeout: 15_000,
  },
  projects: [
    { name: 'web', metadata: { target: 'web' } },
    // The accessibility scenes check the renderer, which is the same in both hosts: the web target runs them.
    { name: 'electron', metadata: { target: 'electron' }, testIgnore: '**/accessibility.spec.ts' },
  ],
  webServer: {
    command: `npm run build:web && npx vite preview --config vite.web.config.ts --port ${WEB_PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${WEB_PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
