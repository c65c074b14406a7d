import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type ExportFormatName } from './target';
import { trainShortRun } from './controls';

/** Hidden size 16, no biases: U 2×16, V 16×16, W 16×1 = 304 numbers. */
const WEIGHT_COUNT = 2 * 16 + 16 * 16 + 16;

const checks: Record<ExportFormatName, (bytes: Buffer) => void> = {
  json(bytes) {
    expect(bytes[0]).toBe(0x7b);
    expect(() => JSON.parse(bytes.toString('utf8'))).not.toThrow();
  },
  csv(bytes) {
    const lines = bytes.toString('utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('tensor,row,col,value');
    expect(lines.length - 1).toBe(WEIGHT_COUNT);
  },
  npz(bytes) {
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  },
  safetensors(bytes) {
    const headerLength = Number(bytes.readBigUInt64LE(0));
    expect(headerLength).toBeGreaterThan(0);
    expect(bytes[8]).toBe(0x7b);
    expect(bytes.length).toBe(8 + headerLength + WEIGHT_COUNT * 8);
  },
  onnx(bytes) {
    expect(bytes[0]).toBe(0x08);
  },
};

test('every export format writes a file with its own leading bytes and a plausible size', async ({ studio }) => {
  const folder = mkdtempSync(join(tmpdir(), 'rnn-studio-e2e-'));
  await trainShortRun(studio.page, 5, 500);
  for (const format of Object.keys(checks) as ExportFormatName[]) {
    const path = await studio.exportTo(format, folder);
    const bytes = readFileSync(path);
    expect(bytes.length, `${format} size`).toBeGreaterThan(WEIGHT_COUNT * 4);
    checks[format](bytes);
  }
});

test('a chart exports as a PNG at twice the screen resolution with its title, as an SVG, and its curves as CSV decimated or whole', async ({ studio }) => {
  test.skip(studio.target !== 'web', 'chart files are page downloads, the same in both hosts; the web target checks them');
  const { page } = studio;
  const folder = mkdtempSync(join(tmpdir(), 'rnn-studio-e2e-'));
  await trainShortRun(page, 5, 2500);
  const card = page.getByTestId('loss-chart');
  const onScreen = await card.locator('canvas').evaluate((c: HTMLCanvasElement) => c.getBoundingClientRect().width);
  const saved = async (click: () => Promise<void>): Promise<Buffer> => {
    const download = page.waitForEvent('download');
    await click();
    const file = await download;
    const path = join(folder, file.suggestedFilename());
    await file.saveAs(path);
    return readFileSync(path);
  };
  const png = await saved(() => card.getByRole('button', { name: 'Export PNG' }).click());
  expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  // The IHDR chunk's width and height, big-endian at bytes 16 and 20.
  expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(2 * Math.floor(onScreen));
  expect(png.readUInt32BE(20)).toBeGreaterThan(2 * 190);

  const svg = (await saved(() => card.getByRole('button', { name: 'Export SVG' }).click())).toString('utf8');
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).toContain('>Loss</text>');
  expect(svg).toContain('>Smoothed</text>');
  expect(svg).toContain('<polyline');

  await card.getByText('Export CSV', { exact: true }).click();
  const decimated = (await saved(() => card.getByRole('button', { name: 'Curves, loss in 1,000 means' }).click())).toString('utf8');
  expect(decimated.split('\n')[0]).toMatch(/^iteration,loss_mean,loss_smoothed,/);
  await card.getByText('Export CSV', { exact: true }).click();
  const whole = (await saved(() => card.getByRole('button', { name: 'Every iteration (2,500 rows)' }).click())).toString('utf8');
  expect(whole.split('\n')[0]).toMatch(/^iteration,loss,loss_smoothed,/);
  expect(whole.trim().split('\n').length).toBeGreaterThan(2500);
  expect(decimated.trim().split('\n').length).toBeLessThan(1100);
});
