import { expect, test } from './target';
import { button, expectState, field, setField } from './controls';

test('an LSTM trains, its inspector shows each gate\'s matrices by name, and it is tested on 16-bit sums', async ({ studio }) => {
  const { page } = studio;
  await button(page, 'Reference preset').click();
  await field(page, 'Cell').selectOption('lstm');
  await expect(field(page, 'Cell')).toHaveValue('lstm');
  await setField(page, 'Hidden size', '8');
  await field(page, 'Optimiser').selectOption('adam');
  await setField(page, 'Learning rate', '0.01');
  await setField(page, 'Seed', '1');
  await setField(page, 'Train to iteration', '1500');
  await button(page, 'Train').click();
  await expectState(page, 'Finished', 60_000);
  await expect(page.getByTestId('iteration')).toHaveAttribute('data-value', '1500');

  // Every gate's input and recurrent matrix, and no vanilla U or V.
  for (const gate of ['i', 'o', 'f', 'c']) {
    await expect(page.getByTestId(`heatmap-U_${gate}`)).toHaveAttribute('data-rows', '2');
    await expect(page.getByTestId(`heatmap-V_${gate}`)).toHaveAttribute('data-cols', '8');
  }
  await expect(page.getByText('hidden → hidden (forget gate)')).toBeVisible();
  await expect(page.getByTestId('heatmap-V')).toHaveCount(0);
  // The probe shows the LSTM's cell state beside its hidden state.
  await expect(page.getByTestId('heatmap-cell-state')).toHaveAttribute('data-rows', '8');

  // The timeline steps through the LSTM's snapshots too: Home shows the untrained weights, Live the trained ones.
  const slider = page.getByLabel('Weights at iteration');
  await expect(slider).toBeEnabled();
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('timeline-iteration')).toHaveAttribute('data-value', '0');
  await button(page, 'Live').click();
  await expect(page.getByTestId('timeline-iteration')).toHaveAttribute('data-value', '1500');

  await setField(page, 'Test on bits', '16');
  await button(page, 'Test on 16 bits').click();
  const accuracy = page.getByTestId('length-accuracy');
  await expect(accuracy).toContainText('At 16 bits', { timeout: 30_000 });
  await expect(accuracy).toContainText('of 10,000 sampled pairs');
  await expect(accuracy.getByLabel('Accuracy at length')).toHaveText(/^\d{1,3}\.\d{2}%$/);
});

for (const { cell, gates, maps, symbol } of [
  { cell: 'lstm', gates: ['i', 'o', 'f', 'c'], maps: 'i o f c cell', symbol: 'c_0[0] = f·c₋₁[0] + i·c̃' },
  { cell: 'gru', gates: ['z', 'r', 'h'], maps: 'z r h', symbol: 'h_0[0] = (1 − z)·h̃ + z·h₋₁[0]' },
]) {
  test(`the ${cell.toUpperCase()} has every inside view the vanilla cell has: its gates over the steps, the walk-through, gradient flow per gate, histograms of every gate matrix`, async ({ studio }) => {
    const { page } = studio;
    await field(page, 'Cell').selectOption(cell);
    // The activation is the vanilla cell's: disabled, saying why.
    await expect(field(page, 'Activation')).toBeDisabled();
    await expect(page.getByTestId('why-activation')).toContainText(`The ${cell.toUpperCase()}'s gates use σ and tanh`);
    await setField(page, 'Hidden size', '6');
    await setField(page, 'Train to iteration', '400');
    await expect(page.getByTestId('heatmap-V_' + gates[0])).toBeVisible();
    await button(page, 'Train').click();
    await expectState(page, 'Finished');

    const gateMaps = page.getByTestId('gate-activations');
    await expect(gateMaps).toHaveAttribute('data-gates', maps);
    for (const g of gates) await expect(page.getByTestId(`heatmap-gate-${g}`)).toHaveAttribute('data-rows', '8');
    await expect(gateMaps.getByTestId('scale-legend').first()).toBeVisible();

    await button(page, 'Walk through 3 + 74').click();
    const walk = page.getByTestId('walk-through');
    await expect(walk).toHaveAttribute('data-phase', 'forward');
    await expect(walk).toContainText(symbol);
    for (const g of gates) await expect(walk).toContainText(`pre_${g === 'c' ? 'c̃' : g === 'h' ? 'h̃' : g}[0] = x_0·U_${g}[:, 0]`);
    // The stage outlines each gate's input matrix in the inspector.
    await expect(page.getByTestId(`heatmap-U_${gates[0]}`).getByTestId('heatmap-mark')).not.toHaveCount(0);
    await page.keyboard.press('ArrowRight');
    await expect(walk).toHaveAttribute('data-step', '1');
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
    await expect(walk).toHaveAttribute('data-phase', 'backward');
    await expect(walk).toContainText(`δ_${gates[0]}[0]`);
    await page.keyboard.press('End');
    await expect(walk).toHaveAttribute('data-phase', 'update');
    await expect(walk).toContainText(`U_${gates[0]}[0][0] −= lr·dU_${gates[0]}[0][0]`);
    await page.keyboard.press('Escape');

    const flow = page.getByTestId('gradient-flow');
    const quantity = flow.getByLabel('Gradient-flow quantity');
    for (const g of gates) await expect(quantity.locator(`option[value="dV_${g}"]`)).toHaveCount(1);
    await quantity.selectOption(`dV_${gates[1]}`);
    await expect(page.getByTestId('heatmap-flow')).toHaveAttribute('data-rows', '8');
    await expect.poll(async () => Number(await page.getByTestId('heatmap-flow').getAttribute('data-cols'))).toBeGreaterThan(100);
    await expect(page.getByTestId('flow-ratio-sample')).not.toHaveText('—');

    const distributions = page.getByTestId('distributions');
    const tensor = distributions.getByLabel('Tensor');
    for (const g of gates) await expect(tensor.locator(`option[value="V_${g}"]`)).toHaveCount(1);
    await tensor.selectOption(`U_${gates[2]}`);
    await expect.poll(async () => Number(await distributions.getAttribute('data-moments'))).toBeGreaterThan(100);
  });
}
