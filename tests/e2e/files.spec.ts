import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './target';
import { button, field, probe, trainShortRun } from './controls';
import { TrainingLoop, resolveConfig } from '../../shared/rnn/index';

const SETTING_LABELS = ['Bits', 'Hidden size', 'Activation', 'Initialisation', 'Learning rate', 'Train to iteration', 'Optimiser', 'Batch size', 'Gradient clipping', 'Random generator', 'Seed'];

interface SavedFile {
  config: Record<string, unknown>;
  weights: Record<string, { shape: number[]; data: number[] }>;
  training: { iterations: number };
  lossHistory: { stride: number; values: number[] };
}

const readSaved = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as SavedFile;

async function settingsShown(page: import('@playwright/test').Page): Promise<Record<string, string>> {
  const shown: Record<string, string> = {};
  for (const label of SETTING_LABELS) shown[label] = await field(page, label).inputValue();
  return shown;
}

test('a saved model opens again after a restart with the same settings, weights and probe answer', async ({ studio }) => {
  const folder = mkdtempSync(join(tmpdir(), 'rnn-studio-e2e-'));
  let page = studio.page;
  await trainShortRun(page, 7, 2500, { 'Hidden size': '12', 'Learning rate': '0.25' });
  const settings = await settingsShown(page);
  expect(settings['Hidden size']).toBe('12');
  const answer = await probe(page, 21, 45);

  const first = join(folder, 'first.rnnmodel');
  await studio.saveTo(first);
  await expect(page.getByTestId('file-name')).not.toContainText('Untitled');
  const saved = readSaved(first);
  expect(saved.training.iterations).toBe(2500);
  expect(saved.weights.V!.shape).toEqual([12, 12]);
  // The same seed and settings in Node give the same weights and losses, bit for bit (the file's
  // numbers read back exactly): the studio's trainer and the core agree wherever they run.
  const node = new TrainingLoop(resolveConfig(saved.config));
  const nodeLosses = new Float64Array(2500);
  node.train(2500, nodeLosses);
  for (const [name, tensor] of Object.entries(node.weights())) expect(saved.weights[name]!.data, name).toEqual(Array.from(tensor.data));
  expect(saved.lossHistory).toEqual({ stride: 1, values: Array.from(nodeLosses) });

  await studio.restart();
  page = studio.page;
  // Move away from the saved settings so that opening has something to restore.
  await button(page, 'Reference preset').click();
  await button(page, 'New seed').click();
  await expect(field(page, 'Hidden size')).toHaveValue('16');

  await studio.openFile(first);
  await expect(page.getByTestId('file-name')).toHaveText('first.rnnmodel');
  await expect(page.getByTestId('iteration')).toHaveAttribute('data-value', '2500');
  expect(await settingsShown(page)).toEqual(settings);
  await expect(page.getByTestId('heatmap-V')).toHaveAttribute('data-rows', '12');
  expect(await probe(page, 21, 45)).toBe(answer);
  await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-iterations', '2500');

  // Saving what was opened writes the same model back, number for number.
  const second = join(folder, 'second.rnnmodel');
  await studio.saveTo(second);
  const again = readSaved(second);
  expect(again.config).toEqual(saved.config);
  expect(again.weights).toEqual(saved.weights);
  expect(again.training.iterations).toBe(saved.training.iterations);
  expect(again.lossHistory).toEqual(saved.lossHistory);
});

test('a malformed file is refused with a message naming the problem, and the open model stays', async ({ studio }) => {
  const folder = mkdtempSync(join(tmpdir(), 'rnn-studio-e2e-'));
  const { page } = studio;
  await trainShortRun(page, 11, 1500);
  const answer = await probe(page, 5, 9);
  const before = join(folder, 'before.rnnmodel');
  await studio.saveTo(before);
  await expect(page.getByTestId('file-name')).not.toContainText('Untitled');
  const openName = await page.getByTestId('file-name').textContent();

  const broken = join(folder, 'broken.rnnmodel');
  writeFileSync(broken, '{ "format": "rnn-studio-model", "version": 1, "config": ');
  await studio.openFile(broken);
  const alert = page.getByRole('alert').filter({ hasText: 'broken.rnnmodel' });
  await expect(alert).toContainText('cannot be opened');
  await expect(alert).toContainText('JSON');

  const wrongShape = join(folder, 'wrong-shape.rnnmodel');
  const valid = readSaved(before);
  valid.weights.V!.shape = [3, 3];
  writeFileSync(wrongShape, JSON.stringify(valid));
  await studio.openFile(wrongShape);
  await expect(page.getByRole('alert').filter({ hasText: 'wrong-shape.rnnmodel' })).toContainText('weights.V.shape');

  await expect(page.getByTestId('file-name')).toHaveText(openName!);
  await expect(page.getByTestId('iteration')).toHaveAttribute('data-value', '1500');
  expect(await probe(page, 5, 9)).toBe(answer);
  const after = join(folder, 'after.rnnmodel');
  await studio.saveTo(after);
  expect(readSaved(after).weights).toEqual(readSaved(before).weights);
});
