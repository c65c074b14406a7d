import { expect, test } from './target';
import { button, expectState, iterationCount, lossChartIterations, setField } from './controls';

test('the controls offer what makes sense in each state: Train when fresh, Pause and Stop while training, Resume when paused', async ({ studio }) => {
  const { page } = studio;
  await expect(page.getByTestId('heatmap-V')).toBeVisible();
  await expectState(page, 'Ready');
  await expect(button(page, 'Train')).toBeEnabled();
  await expect(button(page, 'Pause')).toHaveCount(0);
  await expect(button(page, 'Resume')).toHaveCount(0);
  await expect(button(page, 'Stop')).toBeDisabled();
  await expect(button(page, 'Reset')).toBeDisabled();

  await button(page, 'Step').click();
  await expect(page.getByTestId('iteration')).toHaveAttribute('data-value', '1');
  await expectState(page, 'Paused');
  await expect(button(page, 'Resume')).toBeEnabled();
  await expect(button(page, 'Train')).toHaveCount(0);
  await expect(button(page, 'Stop')).toBeEnabled();
  await expect(button(page, 'Reset')).toBeEnabled();

  await setField(page, 'Train to iteration', '100000000');
  await button(page, 'Resume').click();
  await expectState(page, 'Training');
  await expect(button(page, 'Step')).toBeDisabled();
  await expect(button(page, 'Reset')).toBeDisabled();
  await button(page, 'Pause').click();
  await expectState(page, 'Paused');
});

test('a finished run keeps its own rate and time in the status bar, and Train says why it waits', async ({ studio }) => {
  const { page } = studio;
  await setField(page, 'Train to iteration', '3000');
  await button(page, 'Train').click();
  await expectState(page, 'Finished');
  await expect(page.getByTestId('speed')).toHaveText(/^[\d,]+ it\/s, [\d.]+ s$/);
  await expect(page.getByTestId('speed')).not.toHaveText(/—/);
  await expect(button(page, 'Train')).toBeDisabled();
  await expect(page.getByTestId('train-blocked')).toHaveText('The model is at iteration 3,000: set Train to iteration above it to train on, or Reset for a new model.');
  await setField(page, 'Train to iteration', '4000');
  await expect(page.getByTestId('note-iterations')).toHaveText('From iteration 3,000: 1,000 more');
  await button(page, 'Train').click();
  await expectState(page, 'Finished');
  await expect(page.getByTestId('iteration')).toHaveAttribute('data-value', '4000');
});

test('hidden size 8 and learning rate 0.5: the run and its loss curve grow, pause holds them, V is 8 × 8', async ({ studio }) => {
  const { page } = studio;
  await setField(page, 'Hidden size', '8');
  await setField(page, 'Learning rate', '0.5');
  await setField(page, 'Train to iteration', '100000000');
  await button(page, 'Train').click();
  await expectState(page, 'Training');

  await expect.poll(() => iterationCount(page)).toBeGreaterThan(0);
  const first = await iterationCount(page);
  const firstPlotted = await lossChartIterations(page);
  await expect.poll(() => iterationCount(page)).toBeGreaterThan(first);
  await expect.poll(() => lossChartIterations(page)).toBeGreaterThan(firstPlotted);

  await button(page, 'Pause').click();
  await expectState(page, 'Paused');
  await expect(button(page, 'Resume')).toBeEnabled();
  const paused = await iterationCount(page);
  await page.waitForTimeout(500);
  expect(await iterationCount(page)).toBe(paused);
  await expect.poll(() => lossChartIterations(page)).toBe(paused);

  const heatmap = page.getByTestId('heatmap-V');
  await expect(heatmap).toHaveAttribute('data-rows', '8');
  await expect(heatmap).toHaveAttribute('data-cols', '8');
});

test('the reference preset with seed 2 trains to the end, adds every pair right, and answers 3 + 74 = 77', async ({ studio }) => {
  const { page } = studio;
  await button(page, 'Reference preset').click();
  await setField(page, 'Seed', '2');
  await expect(page.getByLabel('Train to iteration', { exact: true })).toHaveValue('20000');
  await page.keyboard.press('Control+Enter');
  await expectState(page, 'Finished', 45_000);
  await expect(page.getByTestId('iteration')).toHaveAttribute('data-value', '20000');
  await expect(page.getByTestId('accuracy')).toHaveText('Accuracy 100.0%');

  await setField(page, 'First number', '3');
  await setField(page, 'Second number', '74');
  const result = page.getByTestId('probe-result');
  await expect(result).toContainText('77');
  await expect(result).toContainText('All bits right');
});

test('at a slow pace each iteration can be followed: its pair, the answer, the loss and the weight change, one at a time', async ({ studio }) => {
  const { page } = studio;
  const speed = page.getByLabel('Speed');
  await speed.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight'); // 3 it/s
  await expect(page.getByTestId('pace-value')).toHaveText('3 it/s');
  await setField(page, 'Train to iteration', '100000000');
  await button(page, 'Train').click();
  const view = page.getByTestId('iteration-view');
  await expect(view).toHaveAttribute('data-iteration', '1');
  await expect(view).toHaveAttribute('data-iteration', '2');
  const pair = (await page.getByTestId('iteration-pair').textContent())!;
  expect(pair).toMatch(/^\d+ \+ \d+$/);
  await expect(page.getByTestId('iteration-change')).toContainText('‖Δw‖ = ');
  await expect(page.getByTestId('iteration-loss')).not.toBeEmpty();
  // The probe follows the pair being trained.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const shown = document.querySelector('[data-testid="iteration-pair"]')?.textContent;
        const probed = Array.from(document.querySelectorAll<HTMLInputElement>('#probe-first, #probe-second'), (i) => i.value).join(' + ');
        return shown === probed;
      }),
    )
    .toBe(true);
  await expect(page.getByTestId('speed')).toHaveText(/^[1-4] it\/s$/);
  // Full speed from here: the run races on, and the iteration view goes (there is nothing to follow one by one).
  await speed.focus();
  await page.keyboard.press('End');
  await expect(page.getByTestId('pace-value')).toHaveText('Full speed');
  await expect.poll(() => iterationCount(page)).toBeGreaterThan(1000);
  await expect(view).toHaveCount(0);
  await button(page, 'Pause').click();
});
