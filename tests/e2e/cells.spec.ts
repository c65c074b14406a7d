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
