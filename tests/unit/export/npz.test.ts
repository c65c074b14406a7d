import { strFromU8, unzipSync } from 'fflate';
import { parse as parseNpy } from 'npyjs';
import { describe, expect, it } from 'vitest';
import { exportModel } from '@shared/export/index';
import { weightNames } from '@shared/rnn/weights';
import { randomModel } from './fixture';

/** A standalone ArrayBuffer holding exactly these bytes (npyjs reads from offset 0). */
const ownBuffer = (bytes: Uint8Array) => bytes.slice().buffer;

/** CRC-32 (IEEE 802.3) bit by bit, as an independent check of the archive's checksums. */
function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('the .npz export, read back by fflate and npyjs', () => {
  for (const [label, model] of [
    ['sigmoid without biases', randomModel()],
    ['tanh with biases, hidden 5', randomModel({ activation: 'tanh', bias: true, hiddenSize: 5 }, 99)],
    ['an LSTM with biases: every gate under its name', randomModel({ cell: 'lstm', bias: true, hiddenSize: 3 }, 5)],
    ['a GRU without biases', randomModel({ cell: 'gru', hiddenSize: 4 }, 6)],
  ] as const) {
    it(`holds every tensor as float64 C-order with the model's shape (${label})`, () => {
      const file = exportModel(model, 'npz', 'adder');
      expect(file.fileName).toBe('adder.npz');
      const entries = unzipSync(file.bytes);
      const names = weightNames(model.config);
      expect(Object.keys(entries)).toEqual([...names.map((n) => `${n}.npy`), 'config.json', 'predict.py']);
      for (const name of names) {
        const npy = parseNpy(ownBuffer(entries[`${name}.npy`]!));
        const tensor = model.weights[name]!;
        expect(npy.dtype).toBe('f8');
        expect(npy.fortranOrder).toBe(false);
        expect(npy.shape).toEqual(tensor.shape);
        expect(npy.data).toBeInstanceOf(Float64Array);
        expect(Array.from(npy.data as Float64Array)).toEqual(Array.from(tensor.data));
      }
      expect(JSON.parse(strFromU8(entries['config.json']!))).toEqual(model.config);
    });
  }

  it('writes NPY 1.0 headers that end in a newline and align the data to 64 bytes', () => {
    const entries = unzipSync(exportModel(randomModel(), 'npz', 'adder').bytes);
    for (const bytes of Object.entries(entries).filter(([n]) => n.endsWith('.npy')).map(([, b]) => b)) {
      expect(strFromU8(bytes.subarray(1, 6))).toBe('NUMPY');
      expect([bytes[0], bytes[6], bytes[7]]).toEqual([0x93, 1, 0]);
      const headerLength = bytes[8]! + 256 * bytes[9]!;
      expect((10 + headerLength) % 64).toBe(0);
      expect(bytes[10 + headerLength - 1]).toBe(0x0a);
      expect(strFromU8(bytes.subarray(10, 10 + headerLength))).toMatch(/^\{'descr': '<f8', 'fortran_order': False, 'shape': \(\d+, \d+\), \} *\n$/);
    }
  });

  it('stores entries with the right CRC-32 (checked against the standard check value)', () => {
    expect(crc32(new Uint8Array([...'123456789'].map((c) => c.charCodeAt(0))))).toBe(0xcbf43926);
    const bytes = exportModel(randomModel(), 'npz', 'adder').bytes;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const entries = unzipSync(bytes);
    let offset = 0;
    for (const data of Object.values(entries)) {
      expect(view.getUint32(offset, true)).toBe(0x04034b50);
      expect(view.getUint16(offset + 8, true)).toBe(0); // stored
      expect(view.getUint32(offset + 14, true)).toBe(crc32(data));
      offset += 30 + view.getUint16(offset + 26, true) + data.length;
    }
  });

  it('ships a predict.py that finds the archive it came in (by its name, or renamed, by this very script inside it) or takes --model, and reads the configuration', () => {
    const model = randomModel({ activation: 'tanh', bias: true }, 5);
    const script = strFromU8(unzipSync(exportModel(model, 'npz', 'my-adder').bytes)['predict.py']!);
    expect(script).toContain('here.parent / "my-adder.npz"');
    expect(script).toContain('archive.read("predict.py") == mine');
    expect(script).toContain('if "--model" in args:');
    expect(script).toContain('several archives hold this predict.py');
    expect(script).toContain('np.load(path)');
    expect(script).toMatch(/np\.tanh if config\["activation"\] == "tanh" else sigmoid/);
    expect(script).toContain('range(bits)'); // LSB first over the configured width
    expect(script).toContain('"lstm": ["i", "o", "f", "c"], "gru": ["z", "r", "h"]'); // every cell's gates, in the export's order
  });
});
