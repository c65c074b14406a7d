/** `export`: writes a saved model's weights in one of the export formats. */

import { basename, extname } from 'node:path';
import { EXPORT_FORMATS, exportModel, isExportFormat, type ExportOptions } from '../../shared/export/index';
import { UsageError, expectPositionals, parseArgs, requireOption, type OptionSpec } from '../args';
import { checkWritable, isSameFile, readModel, writeFileAtomic } from '../files';
import { EXIT_OK, type CommandIO } from '../io';

const FORMAT: OptionSpec = { name: 'format', valueHint: EXPORT_FORMATS.join(' | ') };
const OUT: OptionSpec = { name: 'out', valueHint: 'the file to write' };
const DTYPE: OptionSpec = { name: 'dtype', valueHint: 'f64 (default) or f32, for safetensors' };
export const EXPORT_OPTIONS: readonly OptionSpec[] = [FORMAT, OUT, DTYPE];

export async function exportCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const parsed = parseArgs('export', argv, EXPORT_OPTIONS);
  if (parsed.help) return io.help('export');
  const [path] = expectPositionals('export', parsed.positionals, ['MODEL']);
  const format = requireOption(parsed, 'export', FORMAT);
  if (!isExportFormat(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}; got ${JSON.stringify(format)}`);
  const out = requireOption(parsed, 'export', OUT);
  const options: Omit<ExportOptions, 'baseName'> = {};
  const dtype = parsed.options.get(DTYPE.name);
  if (dtype !== undefined) {
    if (format !== 'safetensors') throw new UsageError(`--dtype applies to --format safetensors only; got --format ${format}`);
    if (dtype !== 'f64' && dtype !== 'f32') throw new UsageError(`--dtype must be f64 or f32; got ${JSON.stringify(dtype)}`);
    options.safetensorsDtype = dtype === 'f32' ? 'F32' : 'F64';
  }
  const model = await readModel(path!);
  // Written atomically, the export would replace the model it was made from.
  if (await isSameFile(path!, out)) throw new UsageError(`--out ${out} is the model file being exported (${path}); write the export to another file`);
  await checkWritable(out);
  const baseName = basename(out, extname(out)) || 'model';
  const file = exportModel(model, format, baseName, options);
  await writeFileAtomic(out, file.bytes);
  io.stdout.write(`${JSON.stringify({ format, out, bytes: file.bytes.length })}\n`);
  return EXIT_OK;
}
