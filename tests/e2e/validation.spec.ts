import { expect, test } from './target';
import { button, field, setField } from './controls';

test('bad hidden sizes and a negative learning rate get inline messages and disable Train', async ({ studio }) => {
  const { page } = studio;
  const train = button(page, 'Train');
  await expect(train).toBeEnabled();
  const hiddenError = page.getByTestId('error-hiddenSize');

  for (const [value, shown] of [
    ['0', 'got 0'],
    ['100000', 'got 100000'],
    ['abc', 'got "abc"'],
  ] as const) {
    await setField(page, 'Hidden size', value);
    await expect(hiddenError).toHaveText(`Hidden size must be an integer from 1 to 512; ${shown}`);
    await expect(field(page, 'Hidden size')).toHaveAttribute('aria-invalid', 'true');
    await expect(train).toBeDisabled();
    await expect(page.getByTestId('train-blocked')).toHaveText(`Fix Hidden size: Hidden size must be an integer from 1 to 512; ${shown}`);
    await expect(page.getByTestId('run-state')).toHaveText('Settings need fixing');
  }

  await setField(page, 'Hidden size', '16');
  await expect(hiddenError).toHaveCount(0);
  await expect(train).toBeEnabled();
  await expect(page.getByTestId('train-blocked')).toHaveCount(0);
  await expect(page.getByTestId('run-state')).toHaveText('Ready');

  await setField(page, 'Learning rate', '-0.1');
  await expect(page.getByTestId('error-learningRate')).toHaveText('Learning rate must be a number above 0 and at most 100; got -0.1');
  await expect(train).toBeDisabled();
  await expect(button(page, 'Step')).toBeDisabled();

  await setField(page, 'Learning rate', '0.1');
  await expect(train).toBeEnabled();
});
