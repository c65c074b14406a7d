import type { Page } from '@playwright/test';
import { expect, test } from './target';
import { button, field, trainShortRun } from './controls';

/** Opens the runs view and deletes the runs kept by earlier specs (the desktop's library outlives a launch), then goes back. */
async function startWithNoRuns(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Runs \(\d+\)$/ }).click();
  const table = page.getByRole('region', { name: 'Runs' });
  await expect(table).toHaveAttribute('aria-busy', 'false');
  const boxes = await table.getByRole('checkbox').all();
  for (const box of boxes) await box.check();
  if (boxes.length > 0) await button(page, 'Delete').click();
  await expect(table.getByRole('row')).toHaveCount(1);
  await button(page, 'Training').click();
}

test('two runs with different hidden sizes are both kept, listed and overlaid, and are still there after a restart', async ({ studio }) => {
  const { page } = studio;
  await startWithNoRuns(page);
  await trainShortRun(page, 3, 2000, { 'Hidden size': '8' });
  await trainShortRun(page, 3, 2000, { 'Hidden size': '12' });

  await page.getByRole('button', { name: /^Runs \(\d+\)$/ }).click();
  const table = page.getByRole('region', { name: 'Runs' });
  await expect(table.getByRole('row')).toHaveCount(3); // header and two runs
  // Hidden size differs between the runs, so it is a column of the table.
  await expect(table.getByRole('columnheader', { name: 'Hidden size' })).toBeVisible();
  await expect(table.getByRole('cell', { name: '8', exact: true })).toBeVisible();
  await expect(table.getByRole('cell', { name: '12', exact: true })).toBeVisible();

  for (const checkbox of await table.getByRole('checkbox').all()) await checkbox.check();
  await expect(table.getByText('2 selected')).toBeVisible();
  const lossChart = page.getByRole('figure', { name: 'Loss (L1) of the selected runs' });
  await expect(lossChart).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Exact accuracy of the selected runs' })).toBeVisible();

  // Each run is named by what sets it apart from those kept before it: the first by its seed, the second by its hidden size too.
  await expect(table.getByLabel('Label of hidden size 12, seed 3')).toBeVisible();
  await table.getByLabel('Label of seed 3').fill('small network');
  await table.getByLabel('Label of seed 3').press('Enter');
  await expect(table.getByLabel('Label of small network')).toBeVisible();

  await studio.restart();
  await studio.page.getByRole('button', { name: /^Runs \(\d+\)$/ }).click();
  const again = studio.page.getByRole('region', { name: 'Runs' });
  await expect(again).toHaveAttribute('aria-busy', 'false');
  await expect(again.getByRole('row')).toHaveCount(3);
  await expect(again.getByLabel('Label of small network')).toHaveValue('small network');
});

test('a 2 × 2 sweep with 3 seeds finishes with its progress, heatmap and seed groups', async ({ studio }) => {
  const { page } = studio;
  await startWithNoRuns(page);
  await button(page, 'Reference preset').click();
  await page.getByRole('button', { name: /^Runs \(\d+\)$/ }).click();
  await button(page, 'New sweep…').click();
  await field(page, 'Sweep hidden size values').fill('4,8');
  await field(page, 'Sweep learning rate values').fill('0.1,0.5');
  await field(page, 'Sweep seeds').fill('1-3');
  await field(page, 'Sweep stop at accuracy').fill('0.5');
  await field(page, 'Sweep evaluate every').fill('100');
  await field(page, 'Sweep iteration limit').fill('2000');
  await field(page, 'Sweep workers').fill('2');
  await field(page, 'Sweep test on bits').fill('12');
  await expect(page.getByRole('dialog', { name: 'Sweep' }).getByRole('status')).toHaveText('12 runs on 2 workers');

  await button(page, 'Start sweep').click();
  const progress = page.getByRole('progressbar', { name: 'Sweep progress' });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveJSProperty('value', 12, { timeout: 120_000 });
  await expect(page.getByText(/^12 \/ 12 runs/)).toBeVisible();

  const table = page.getByRole('region', { name: 'Runs' });
  await expect(table.getByRole('row')).toHaveCount(13);
  await expect(table.getByRole('columnheader', { name: 'Accuracy at 12 bits' })).toBeVisible();
  // The length stays in its field once every run has been tested on it.
  await expect(table.getByText('testing runs on 12 bits…')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByLabel('Accuracy column at bits')).toHaveValue('12');

  const heatmap = page.getByTestId('sweep-heatmap');
  await expect(heatmap).toHaveAccessibleName('Median stop rule met at by Hidden size (rows) and Learning rate (columns)');
  await expect(page.getByTestId('sweep-legend')).toContainText('earlier is darker');
  await expect(page.getByTestId('sweep-results')).toHaveAttribute('data-runs', '12');
  // Hidden size down, learning rate across: one cell per pair of values.
  await expect(heatmap.getByRole('rowheader', { name: '4', exact: true })).toBeVisible();
  await expect(heatmap.getByRole('rowheader', { name: '8', exact: true })).toBeVisible();
  await expect(heatmap.getByRole('columnheader', { name: '0.1', exact: true })).toBeVisible();
  await expect(heatmap.getByRole('columnheader', { name: '0.5', exact: true })).toBeVisible();
  await expect(heatmap.getByRole('cell')).toHaveCount(4);

  const groups = page.getByRole('region', { name: 'Seed groups' });
  await expect(groups.getByRole('row')).toHaveCount(5); // header and four groups of three seeds
  for (const row of await groups.getByRole('row').all()) {
    if ((await row.getByRole('cell').count()) > 0) await expect(row.getByRole('cell').nth(1)).toHaveText('3');
  }
});

test("a sweep over one setting shows a strip of its values, and its results only that sweep's runs", async ({ studio }) => {
  const { page } = studio;
  await startWithNoRuns(page);
  // A run trained alone before the sweep is not one of its results.
  await trainShortRun(page, 6, 600);
  await page.getByRole('button', { name: /^Runs \(\d+\)$/ }).click();
  await button(page, 'New sweep…').click();
  await field(page, 'Sweep hidden size values').fill('4,8,12');
  await field(page, 'Sweep seeds').fill('1-2');
  await field(page, 'Sweep iteration limit').fill('500');
  await button(page, 'Start sweep').click();
  await expect(page.getByRole('progressbar', { name: 'Sweep progress' })).toHaveJSProperty('value', 6, { timeout: 60_000 });
  await expect(page.getByTestId('sweep-results')).toHaveAttribute('data-runs', '6');
  const strip = page.getByTestId('sweep-strip');
  await expect(strip.getByRole('columnheader', { name: 'Hidden size', exact: true })).toBeVisible();
  for (const h of ['4', '8', '12']) await expect(strip.getByRole('columnheader', { name: h, exact: true })).toBeVisible();
  await expect(strip.getByRole('cell')).toHaveCount(3);
  await expect(page.getByTestId('sweep-heatmap')).toHaveCount(0);
  await expect(page.getByText('Hidden size \\ Hidden size')).toHaveCount(0);
  // The runs table names its columns apart.
  const table = page.getByRole('region', { name: 'Runs' });
  for (const name of ['Iterations done', 'Stop rule met at', 'Mean loss']) await expect(table.getByRole('columnheader', { name, exact: true })).toBeVisible();
});
