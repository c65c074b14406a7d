/** The web target: the port the built studio is served on, and which Chromium opens it (the environment's, Debian's, or Playwright's own). */

import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/** 4318, or RNN_STUDIO_WEB_PORT: several checkouts on one machine can each serve their own build. */
export const WEB_PORT = Number(process.env.RNN_STUDIO_WEB_PORT) || 4318;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export function chromiumLaunchOptions(): LaunchOptions {
  const executablePath = chromiumExecutable();
  return { headless: true, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) };
}
