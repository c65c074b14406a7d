import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exporterFor, exporters, exportModel, type ExportFormat } from '@shared/export/index';
import { randomModel } from './fixture';

describe('exportModel, the one entry point', () => {
  it('offers one exporter per format, in the order of EXPORT_FORMATS', () => {
    expect(exporters.map((e) => e.format)).toEqual(EXPORT_FORMATS);
    for (const format of EXPORT_FORMATS) expect(exporterFor(format).format).toBe(format);
  });

  for (const format of EXPORT_FORMATS) {
    it(`names the ${format} file after the base name and the exporter's extension and type`, () => {
      const exporter = exporterFor(format);
      const file = exportModel(randomModel({ bias: true }), format, 'run 7');
      expect(file.fileName).toBe(`run 7.${exporter.extension}`);
      expect(file.mime).toBe(exporter.mime);
      expect(file.bytes.length).toBeGreaterThan(0);
    });
  }

  it('is deterministic: the same model gives the same bytes', () => {
    for (const format of EXPORT_FORMATS) {
      expect(exportModel(randomModel(), format, 'a').bytes).toEqual(exportModel(randomModel(), format, 'a').bytes);
    }
  });

  it('refuses an unknown format, naming the allowed ones', () => {
    expect(() => exportModel(randomModel(), 'hdf5' as ExportFormat, 'a')).toThrow('unknown export format "hdf5"; formats are json, csv, npz, safetensors, onnx');
    expect(() => exporterFor('')).toThrow(/formats are json, csv, npz, safetensors, onnx/);
  });

  it('refuses a base name that is empty or holds a folder', () => {
    for (const bad of ['', '../x', 'a/b', 'a\0b']) {
      expect(() => exportModel(randomModel(), 'csv', bad)).toThrow(/export file name must be a non-empty name without a folder/);
    }
  });

  it('takes any name a POSIX file can have, and the archive\'s script finds its archive by it', () => {
    expect(exportModel(randomModel(), 'csv', '  ').fileName).toBe('  .csv');
    expect(exportModel(randomModel(), 'npz', 'a\\b').fileName).toBe('a\\b.npz');
  });

  it('refuses weights that do not match the configuration, for every format', () => {
    const missingBias = randomModel({ bias: true });
    delete missingBias.weights.b_h;
    const misshapen = randomModel();
    misshapen.weights.V = { shape: [16, 15], data: new Float64Array(240) };
    for (const format of EXPORT_FORMATS) {
      expect(() => exportModel(missingBias, format, 'a')).toThrow('cannot export: weights.b_h is missing (biases are on, so b_h and b_o are needed)');
      expect(() => exportModel(misshapen, format, 'a')).toThrow('cannot export: weights.V.shape is [16, 15]; hidden size 16 needs [16, 16]');
    }
  });
});
