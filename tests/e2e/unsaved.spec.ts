import { expect, test } from './target';
import { answerDialog, button, field, iterationCount, trainShortRun } from './controls';

test("trained work is not replaced without asking, in the studio's own dialog: Reset asks, and keeping the model keeps it", async ({ studio }) => {
  const { page } = studio;
  await trainShortRun(page, 13, 1200);
  await expect(page.getByTestId('file-name')).toContainText('•');

  await button(page, 'Reset').click();
  const dialog = page.getByRole('dialog', { name: 'Reset to new initial weights?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('The current run stays in Runs');
  // Focus starts on the cautious answer, stays in the dialog, and Escape is that answer.
  await expect(dialog.getByRole('button', { name: 'Keep the current model' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Reset', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await iterationCount(page)).toBe(1200);
  await expect(page.getByTestId('run-state')).toHaveText('Finished');
  expect(studio.dialogs.filter((d) => d.type === 'confirm')).toEqual([]);

  await button(page, 'Reset').click();
  await answerDialog(page, 'Reset', 'Reset to new initial weights?');
  await expect(page.getByTestId('iteration')).toHaveAttribute('data-value', '0');
  await expect(page.getByTestId('file-name')).not.toContainText('•');

  if (studio.target === 'web') {
    await trainShortRun(page, 13, 600);
    studio.answerDialogs(false);
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => studio.dialogs.some((d) => d.type === 'beforeunload')).toBe(true);
    // Refusing the close keeps the page and its unsaved run; this also waits for the refusal to be done before the page's context closes.
    await expect(page.getByTestId('file-name')).toContainText('•');
    expect(page.isClosed()).toBe(false);
    expect(await iterationCount(page)).toBe(600);
  }
});

test('the run controls work from the keyboard: Step, Shift+Step for a hundred, Ctrl+Enter to train and pause', async ({ studio }) => {
  const { page } = studio;
  const step = button(page, 'Step');
  await step.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('iteration')).toHaveAttribute('data-value', '1');
  await page.keyboard.press('Shift+Enter');
  await expect(page.getByTestId('iteration')).toHaveAttribute('data-value', '101');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('iteration')).toHaveAttribute('data-value', '102');

  await page.getByLabel('Train to iteration', { exact: true }).fill('100000000');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('run-state')).toHaveText('Training');
  await expect.poll(() => iterationCount(page)).toBeGreaterThan(102);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('run-state')).toHaveText('Paused');
});

test('a change of cell on a trained model waits to be applied, and can be taken back', async ({ studio }) => {
  const { page } = studio;
  await trainShortRun(page, 4, 800);
  await field(page, 'Cell').selectOption('gru');
  const banner = page.getByTestId('needs-reset');
  await expect(banner).toContainText('Cell changed: this needs a new model');
  await expect(page.getByTestId('heatmap-V')).toBeVisible();
  await button(page, "Keep the model's settings").click();
  await expect(field(page, 'Cell')).toHaveValue('rnn');
  await expect(banner).toHaveCount(0);

  await field(page, 'Cell').selectOption('gru');
  await button(page, 'Reset to apply').click();
  await answerDialog(page, 'Keep the current model', 'Reset to new initial weights?');
  await expect(page.getByTestId('heatmap-V')).toBeVisible();
  await button(page, 'Reset to apply').click();
  await answerDialog(page, 'Reset');
  await expect(page.getByTestId('heatmap-V_z')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Runs \(1\)$/ })).toBeVisible();
});
