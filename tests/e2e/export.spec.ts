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
