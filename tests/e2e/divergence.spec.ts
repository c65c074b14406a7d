import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './target';
import { button, expectState, setField } from './controls';

test('learning rate 100 diverges with a message, and the last finite weights stay usable and savable', async ({ studio }) => {
  const { page } = studio;
  await button(page, 'Reference preset').click();
  await setField(page, 'Seed', '3');
  await setField(page, 'Learning rate', '100');
  await button(page, 'Train').click();

  await expectState(page, 'Diverged');
  const alert = page.getByRole('alert').filter({ hasText: /iteration \d+/ });
  await expect(alert).toContainText(/learning rate/i);
  const stoppedAt = Number(/iteration (\d+)/.exec((await alert.textContent()) ?? '')?.[1]);
  expect(stoppedAt).toBeGreaterThan(0);

  await setField(page, 'First number', '3');
  await setField(page, 'Second number', '74');
  await expect(page.getByTestId('probe-result')).toContainText(/3 \+ 74 = \d+/);

  const path = join(mkdtempSync(join(tmpdir(), 'rnn-studio-e2e-')), 'diverged.rnnmodel');
  await studio.saveTo(path);
  const saved = JSON.parse(readFileSync(path, 'utf8')) as { weights: Record<string, { data: number[] }>; training: { iterations: number } };
  expect(saved.training.iterations).toBeGreaterThan(0);
  expect(saved.training.iterations).toBeLessThanOrEqual(stoppedAt);
  for (const [name, tensor] of Object.entries(saved.weights)) {
    expect(tensor.data.every(Number.isFinite), `${name} holds only finite numbers`).toBe(true);
  }
});
