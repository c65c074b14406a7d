import { expect, test } from './target';
import { button, expectState, field, probe, setField, trainShortRun } from './controls';

test('the walk-through of 3 + 74 steps forward, back and to the update with the keyboard, outlining what each stage touches', async ({ studio }) => {
  const { page } = studio;
  await expect(page.getByTestId('heatmap-V')).toBeVisible();
  await probe(page, 3, 74);
  await button(page, 'Walk through 3 + 74').click();
  const walk = page.getByTestId('walk-through');
  await expect(walk).toBeFocused();
  await expect(walk).toHaveAttribute('data-phase', 'forward');
  await expect(walk).toHaveAttribute('data-step', '0');
  await expect(page.getByTestId('walk-title')).toContainText('Forward, step 0');
  await expect(walk).toContainText('x_0 = [1, 0]'); // bit 0 of 3 and of 74
  // The hidden state's step 0 and the unit in focus are outlined.
  await expect(page.getByTestId('heatmap-hidden').getByTestId('heatmap-mark')).toHaveCount(2);

  /** Presses `key` (`times` times), then expects the walk-through's attributes and, when given, a line of its text. */
  const press = async (key: string, shows: Record<string, string>, text?: string, times = 1): Promise<void> => {
    for (let i = 0; i < times; i++) await page.keyboard.press(key);
    for (const [name, value] of Object.entries(shows)) await expect(walk).toHaveAttribute(`data-${name}`, value);
    if (text !== undefined) await expect(walk).toContainText(text);
  };
  await press('ArrowRight', { step: '1' }, 'x_1 = [1, 1]');
  await press('ArrowLeft', { step: '0' });
  await press('ArrowLeft', { stage: '0' });
  await press('ArrowRight', { phase: 'backward', step: '7' }, 'd_o = (o_7 − y_7)', 8);
  await press('End', { phase: 'update' }, 'U[0][0] −= lr·dU[0][0]');
  await press('ArrowRight', { stage: '16' });
  await press('Home', { stage: '0' });
  await page.keyboard.press('Escape');
  await expect(walk).toHaveCount(0);
  await expect(page.getByTestId('heatmap-mark')).toHaveCount(0);
});

test('the default run keeps 200 snapshots: the slider, the gradient-flow heatmap and the histograms have 200 columns', async ({ studio }) => {
  const { page } = studio;
  await button(page, 'Reference preset').click();
  await setField(page, 'Seed', '2');
  await button(page, 'Train').click();
  await expectState(page, 'Finished');
  await expect(page.getByTestId('iteration')).toHaveAttribute('data-value', '20000');
  const slider = page.getByLabel('Weights at iteration');
  await expect(slider).toHaveAttribute('max', '199', { timeout: 30_000 });
  await expect(page.getByTestId('timeline')).toContainText('200 snapshots kept');
  await expect(page.getByTestId('heatmap-flow')).toHaveAttribute('data-cols', '200');
  await expect(page.getByTestId('distributions')).toHaveAttribute('data-moments', '200');
  // Every moment is a different snapshot: one step of the slider moves by about a two-hundredth of the run.
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('timeline-iteration')).toHaveAttribute('data-value', '0');
  await page.keyboard.press('ArrowRight');
  const second = Number(await page.getByTestId('timeline-iteration').getAttribute('data-value'));
  expect(second).toBeGreaterThan(0);
  expect(second).toBeLessThanOrEqual(128);
});

test("scrubbing the timeline back to the start shows the untrained network's answer, and Live returns to the trained one", async ({ studio }) => {
  const { page } = studio;
  await trainShortRun(page, 2, 6000);
  const trained = await probe(page, 3, 74);
  const slider = page.getByLabel('Weights at iteration');
  await expect(slider).toBeEnabled();
  await expect(page.getByTestId('timeline-iteration')).toHaveAttribute('data-value', '6000');

  await slider.focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('timeline-iteration')).toHaveAttribute('data-value', '0');
  await expect(page.getByTestId('probe-result')).not.toHaveText(trained);

  await button(page, 'Live').click();
  await expect(page.getByTestId('timeline-iteration')).toHaveAttribute('data-value', '6000');
  await expect(page.getByTestId('probe-result')).toHaveText(trained);
});

test('the gradient-flow view and the hidden states follow training live', async ({ studio }) => {
  const { page } = studio;
  await setField(page, 'Train to iteration', '100000000');
  await button(page, 'Train').click();
  await expectState(page, 'Training');
  const flow = page.getByTestId('gradient-flow');
  await expect.poll(async () => Number(await flow.getAttribute('data-moments'))).toBeGreaterThan(1);
  const first = Number(await flow.getAttribute('data-moments'));
  await expect.poll(async () => Number(await flow.getAttribute('data-moments'))).toBeGreaterThan(first);
  await expect(page.getByTestId('flow-ratio-sample')).not.toHaveText('—');
  await expect(page.getByTestId('flow-ratio-probe')).not.toHaveText('—');
  await expect(page.getByTestId('hidden-states')).toHaveAttribute('data-points', String(16_384 * 8));
  await button(page, 'Pause').click();
  await expectState(page, 'Paused');
  await expect(field(page, 'Train to iteration')).toHaveValue('100000000');
});

test('accuracy by length: every length from 2 to 64 with progress, percentage ticks, the trained length marked, and the tested length kept', async ({ studio }) => {
  const { page } = studio;
  await setField(page, 'Hidden size', '4');
  await setField(page, 'Train to iteration', '300');
  await button(page, 'Train').click();
  await expectState(page, 'Finished');
  await setField(page, 'Test on bits', '20');
  await button(page, 'Test on 20 bits').click();
  await expect(page.getByTestId('length-accuracy')).toContainText('At 20 bits');
  await expect(field(page, 'Test on bits')).toHaveValue('20');

  await button(page, 'Accuracy by length (2–64 bits)').click();
  const chart = page.getByTestId('length-chart');
  await expect(chart).toHaveAttribute('data-lengths', '63', { timeout: 60_000 });
  for (const tick of ['0%', '50%', '100%', 'bits per number', 'sums exactly right', 'trained: 8 bits']) await expect(chart).toContainText(tick);
  await expect(chart.getByTestId('trained-length')).toHaveCount(1);
  await expect(chart).toHaveAccessibleName(/^Accuracy by length \(trained on 8 bits\), 63 lengths from 2 to 64 bits/);
  await expect(field(page, 'Test on bits')).toHaveValue('20');
});

for (const [width, height] of [[1440, 900], [1920, 1080]] as const) {
  test(`at ${width}×${height} the walk-through, the weights it outlines and the charts are in view together`, async ({ studio }) => {
    const { page } = studio;
    await page.setViewportSize({ width, height });
    await expect(page.getByTestId('heatmap-V')).toBeVisible();
    await button(page, 'Walk through 3 + 74').click();
    const inView = async (testId: string) => {
      const box = (await page.getByTestId(testId).boundingBox())!;
      return box.y >= 0 && box.y + Math.min(box.height, 60) <= height && box.x + box.width <= width;
    };
    for (const id of ['walk-through', 'heatmap-V', 'heatmap-U', 'heatmap-W', 'loss-chart']) expect(await inView(id), id).toBe(true);
    // The middle column holds the curves and the inside views, so it is not empty below the charts.
    const flow = (await page.getByTestId('gradient-flow').boundingBox())!;
    const gradNorms = (await page.getByTestId('grad-norm-chart').boundingBox())!;
    expect(Math.abs(flow.x - gradNorms.x)).toBeLessThan(width / 2);
    if (width >= 1920) {
      // Wide enough for the charts side by side.
      const loss = (await page.getByTestId('loss-chart').boundingBox())!;
      const accuracy = (await page.getByRole('heading', { name: 'Accuracy', exact: true }).boundingBox())!;
      expect(Math.abs(loss.y - accuracy.y)).toBeLessThan(40);
    }
  });
}

test('the theme toggle switches light and dark, and is remembered', async ({ studio }) => {
  const { page } = studio;
  const root = page.locator('html');
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(root).toHaveAttribute('data-theme', 'dark');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe('rgb(27, 28, 31)');
  await studio.restart();
  await expect(studio.page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(studio.page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await studio.page.getByRole('radio', { name: 'Light' }).check();
  await expect(studio.page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await studio.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
  await studio.page.getByRole('radio', { name: 'System' }).check();
  await studio.page.emulateMedia({ colorScheme: 'dark' });
  await expect(studio.page.locator('html')).toHaveAttribute('data-theme', 'dark');
});
