import { expect, test } from './target';
import { button, iterationCount, trainShortRun } from './controls';

test('trained work is not thrown away without asking: Reset asks, and No keeps the model', async ({ studio }) => {
  const { page } = studio;
  await trainShortRun(page, 13, 1200);
  await expect(page.getByTestId('file-name')).toContainText('•');

  studio.answerDialogs(false);
  await button(page, 'Reset').click();
  await expect.poll(() => studio.dialogs.length).toBe(1);
  expect(studio.dialogs[0]).toMatchObject({ type: 'confirm', message: expect.stringContaining('unsaved changes') });
  await page.waitForTimeout(300);
  expect(await iterationCount(page)).toBe(1200);
  await expect(page.getByTestId('run-state')).toHaveText('Finished');

  studio.answerDialogs(true);
  await button(page, 'Reset').click();
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
