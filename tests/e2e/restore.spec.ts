import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './target';
import { answerDialog, button, expectState, field, iterationCount, setField } from './controls';
import { parseModelFile } from '../../shared/model-file/modelFile';
import { TrainingLoop, resolveConfig } from '../../shared/rnn/index';

test('a run interrupted by closing the page is offered back on the next launch and continues exactly', async ({ studio }) => {
  // The desktop app asks to save before it quits, so nothing is interrupted there; a crash is what its checkpoint is for.
  test.skip(studio.target !== 'web', 'closing the desktop window asks to save first instead of dropping the run');
  const { page } = studio;
  await button(page, 'Reference preset').click();
  await setField(page, 'Seed', '21');
  await page.getByLabel('Optimiser', { exact: true }).selectOption('adam');
  await setField(page, 'Learning rate', '0.01');
  await setField(page, 'Train to iteration', '100000000');
  await button(page, 'Train').click();
  await expectState(page, 'Training');
  // Long enough for a checkpoint (at most 1.5 s apart) to be kept.
  await page.waitForTimeout(3500);
  await studio.restart();

  const offer = studio.page.getByRole('dialog', { name: 'Restore the interrupted run?' });
  await expect(offer).toContainText(/A run was interrupted at iteration [\d ]+ on its way to 100 000 000\./);
  const offered = (await offer.textContent())!;
  await answerDialog(studio.page, 'Restore');
  // Restored and not yet moved on: Ready, at the iteration it was interrupted at, heading for its own target.
  await expectState(studio.page, 'Ready');
  const at = await iterationCount(studio.page);
  expect(at).toBeGreaterThan(0);
  expect(offered).toContain(`interrupted at iteration ${at.toLocaleString('en-US').replace(/,/g, ' ')} on its way`);
  await expect(field(studio.page, 'Train to iteration')).toHaveValue('100000000');
  await expect(studio.page.getByTestId('iteration')).toContainText('/ 100,000,000');
  // Its curves and snapshots came back with it.
  await expect.poll(async () => Number(await studio.page.getByTestId('grad-norm-chart').getAttribute('data-points'))).toBeGreaterThan(0);
  await expect(studio.page.getByTestId('timeline')).not.toContainText(/^\D*1 snapshots kept/);

  await button(studio.page, 'Step').focus();
  await studio.page.keyboard.press('Shift+Enter'); // a hundred iterations
  await expect(studio.page.getByTestId('iteration')).toHaveAttribute('data-value', String(at + 100));
  const path = join(mkdtempSync(join(tmpdir(), 'rnn-restore-')), 'restored.rnnmodel');
  await studio.saveTo(path);

  const saved = parseModelFile(readFileSync(path, 'utf8'));
  const direct = new TrainingLoop(resolveConfig({ seed: 21, optimizer: 'adam', learningRate: 0.01, iterations: 100000000 }));
  direct.train(at + 100, new Float64Array(at + 100));
  expect(saved.training.iterations).toBe(at + 100);
  expect(Array.from(saved.weights.V!.data)).toEqual(Array.from(direct.weights().V!.data));
});

test('two tabs training at once each leave their own checkpoint, and two new tabs offer one each', async ({ studio }) => {
  test.skip(studio.target !== 'web', 'desktop windows keep a checkpoint file each; the main process tests cover them');
  const first = studio.page;
  const context = first.context();
  const url = first.url();
  const second = await context.newPage();
  await second.goto(url);
  for (const [page, seed] of [[first, '31'], [second, '32']] as const) {
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
    await button(page, 'Reference preset').click();
    await setField(page, 'Seed', seed);
    await setField(page, 'Train to iteration', '100000000');
    await button(page, 'Train').click();
    await expectState(page, 'Training');
  }
  // Long enough for each tab to keep a checkpoint (at most 1.5 s apart).
  await first.waitForTimeout(3500);
  await second.close();
  await first.close();

  const seeds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
    const offer = page.getByRole('dialog', { name: 'Restore the interrupted run?' });
    if (i < 2) {
      await answerDialog(page, 'Restore', 'Restore the interrupted run?');
      await expect.poll(async () => iterationCount(page)).toBeGreaterThan(0);
      seeds.push(await page.getByLabel('Seed', { exact: true }).inputValue());
    } else {
      // Both were taken: a third tab has nothing to offer.
      await page.waitForTimeout(1000);
      await expect(offer).toHaveCount(0);
    }
  }
  expect(seeds.sort()).toEqual(['31', '32']);
});
