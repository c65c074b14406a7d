import { chromium } from '@playwright/test';
import { preview } from 'vite';
const root = '/work/wt/studio/';
const server = await preview({ root, configFile: `${root}vite.web.config.ts`, preview: { port: 4397, strictPort: true, host: '127.0.0.1' }, logLevel: 'silent' });
const browser = await chromium.launch({ headless: true, args: ['--no-sandbox', '--disable-gpu'], executablePath: '/usr/bin/chromium' });
const [w, h] = (process.env.SIZE ?? '1440x900').split('x').map(Number);
const page = await browser.newPage({ viewport: { width: w, height: h } });
await page.goto('http://127.0.0.1:4397/');
await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
if (process.env.CELL) await page.getByLabel('Cell', { exact: true }).selectOption(process.env.CELL);
if (process.env.TRAIN) { await page.getByRole('button', { name: 'Train', exact: true }).click(); await page.getByTestId('run-state').filter({ hasText: 'Finished' }).waitFor({ timeout: 60000 }); await page.waitForTimeout(2500); }
if (process.env.WALK) { await page.getByRole('button', { name: /^Walk through/ }).click(); await page.waitForTimeout(300); }
await page.screenshot({ path: process.env.OUT ?? '/tmp/shot.png' });
await browser.close();
await new Promise((r) => server.httpServer.close(r));
