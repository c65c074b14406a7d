/**
 * The studio at 1440 × 900 in light and dark, scene by scene (fresh,
 * training, finished, the inside views of each cell, runs, a sweep's
 * results), checked by axe-core: no serious or critical violation in any of
 * them. With SCREENSHOTS=folder each scene is also saved there as
 * <theme>-<scene>.png (`npm run screenshots` writes docs/screenshots).
 */

import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './target';
import { answerDialog, button, expectState, field, setField } from './controls';
import { WEB_PORT, chromiumLaunchOptions } from './webTarget';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = process.env.SCREENSHOTS ?? null;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's serious and critical violations on the page as it is, each with where it is. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target.join(' ')}: ${n.failureSummary ?? ''}`));
}

/** Checks the scene with axe, and saves it when screenshots are asked for. */
async function scene(page: Page, theme: string, name: string): Promise<void> {
  // Toasts come and go; the scene is the studio itself.
  for (const close of await page.getByRole('button', { name: 'Dismiss', exact: false }).all()) await close.click().catch(() => {});
  await page.waitForTimeout(300);
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${theme}-${name}.png`) });
  }
  expect(await seriousViolations(page), `${theme} ${name}`).toEqual([]);
}

async function studioPage(browser: Browser, theme: 'light' | 'dark'): Promise<Page> {
  // bypassCSP lets the test add axe-core's script; the studio's own Content-Security-Policy is tested elsewhere.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: theme, bypassCSP: true });
  await context.addInitScript((t) => localStorage.setItem('rnn-studio-preferences', JSON.stringify({ theme: t, pace: null })), theme);
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${WEB_PORT}/`);
  await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
  return page;
}

for (const theme of ['light', 'dark'] as const) {
  test(`every scene of the studio in ${theme} has no serious or critical accessibility violation`, async ({ playwright }) => {
    test.setTimeout(240_000);
    const browser = await playwright.chromium.launch(chromiumLaunchOptions());
    try {
      const page = await studioPage(browser, theme);
      await scene(page, theme, 'fresh');

      await button(page, 'Reference preset').click();
      await setField(page, 'Seed', '2');
      await setField(page, 'Train to iteration', '100000000');
      await button(page, 'Train').click();
      await expect.poll(async () => Number(await page.getByTestId('iteration').getAttribute('data-value'))).toBeGreaterThan(30_000);
      await scene(page, theme, 'training');
      await button(page, 'Pause').click();
      await expectState(page, 'Paused');

      await button(page, 'Reset').click();
      await answerDialog(page, 'Reset');
      await setField(page, 'Train to iteration', '20000');
      await button(page, 'Train').click();
      await expectState(page, 'Finished');
      await expect(page.getByLabel('Weights at iteration')).toHaveAttribute('max', '199', { timeout: 30_000 });
      await scene(page, theme, 'finished');

      await button(page, 'Walk through 3 + 74').click();
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      // The middle column shows the inside views below the charts.
      await page.getByTestId('gradient-flow').scrollIntoViewIfNeeded();
      await scene(page, theme, 'inside-rnn');
      await button(page, 'End walk-through').click();

      for (const cell of ['lstm', 'gru'] as const) {
        await field(page, 'Cell').selectOption(cell);
        await button(page, 'Reset to apply').click();
        await answerDialog(page, 'Reset');
        await setField(page, 'Train to iteration', '3000');
        await button(page, 'Train').click();
        await expectState(page, 'Finished');
        await button(page, 'Walk through 3 + 74').click();
        for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
        await page.getByTestId('gate-activations').scrollIntoViewIfNeeded();
        await scene(page, theme, `inside-${cell}`);
        await button(page, 'End walk-through').click();
      }

      await page.getByRole('button', { name: /^Runs \(\d+\)$/ }).click();
      const table = page.getByRole('region', { name: 'Runs' });
      await expect(table).toHaveAttribute('aria-busy', 'false');
      for (const box of (await table.getByRole('checkbox').all()).slice(0, 3)) await box.check();
      await scene(page, theme, 'runs');

      await button(page, 'New sweep…').click();
      await field(page, 'Sweep hidden size values').fill('4,8,16');
      await field(page, 'Sweep learning rate values').fill('0.1,0.5');
      await field(page, 'Sweep seeds').fill('1-3');
      await field(page, 'Sweep stop at accuracy').fill('1');
      await field(page, 'Sweep iteration limit').fill('6000');
      await button(page, 'Start sweep').click();
      await expect(page.getByRole('progressbar', { name: 'Sweep progress' })).toHaveJSProperty('value', 18, { timeout: 120_000 });
      await expect(page.getByTestId('sweep-heatmap')).toBeVisible();
      await page.getByTestId('sweep-results').scrollIntoViewIfNeeded();
      await scene(page, theme, 'sweep-results');
      await page.context().close();
    } finally {
      await browser.close();
    }
  });
}
