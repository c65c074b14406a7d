/** What the specs do with the studio's controls, by their visible labels. */

import type { Locator, Page } from '@playwright/test';
import { expect } from './target';

export function field(page: Page, label: string): Locator {
  return page.getByLabel(label, { exact: true });
}

export async function setField(page: Page, label: string, value: string): Promise<void> {
  const input = field(page, label);
  await input.fill(value);
  await expect(input).toHaveValue(value);
}

/** The studio's own question, answered by one of its buttons (its title is checked when given). */
export async function answerDialog(page: Page, answer: string, title?: string | RegExp): Promise<void> {
  const dialog = page.getByTestId('studio-dialog');
  await expect(dialog).toBeVisible();
  if (title !== undefined) await expect(dialog.getByRole('heading')).toHaveText(title);
  await dialog.getByRole('button', { name: answer, exact: true }).click();
  await expect(dialog).toBeHidden();
}

export function button(page: Page, name: string): Locator {
  return page.getByRole('button', { name, exact: true });
}

/** Iterations done, as the status bar shows them. */
export async function iterationCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('iteration').getAttribute('data-value'));
}

export async function lossChartIterations(page: Page): Promise<number> {
  return Number(await page.getByTestId('loss-chart').getAttribute('data-iterations'));
}

export async function expectState(page: Page, label: string, timeout = 30_000): Promise<void> {
  await expect(page.getByTestId('run-state')).toHaveText(label, { timeout });
}

/** Sets the probe's numbers and returns its result text. */
export async function probe(page: Page, a: number, b: number): Promise<string> {
  await setField(page, 'First number', String(a));
  await setField(page, 'Second number', String(b));
  const result = page.getByTestId('probe-result');
  await expect(result).toContainText(`${a} + ${b}`);
  return (await result.textContent()) ?? '';
}

/** A short, fixed run that ends by itself: small enough for a second of training. */
export async function trainShortRun(page: Page, seed: number, iterations = 3000, settings: Record<string, string> = {}): Promise<void> {
  await button(page, 'Reference preset').click();
  await setField(page, 'Seed', String(seed));
  await setField(page, 'Train to iteration', String(iterations));
  for (const [label, value] of Object.entries(settings)) await setField(page, label, value);
  await button(page, 'Train').click();
  // A trained model of other settings gives way to a new one only when the person says so.
  const asked = await page.getByRole('dialog', { name: 'Start a new model?' }).waitFor({ state: 'visible', timeout: 1500 }).then(() => true, () => false);
  if (asked) await answerDialog(page, 'Start a new model');
  await expectState(page, 'Finished');
  await expect(page.getByTestId('iteration')).toHaveAttribute('data-value', String(iterations));
}
