/** The NumPy .npy format, version 1.0, for float64 matrices (numpy/lib/format.py). */

import { concatBytes, float64LE, utf8 } from './bytes';
import type { Tensor } from '../rnn/weights';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** NumPy aligns the data to 64 bytes so it can be memory-mapped. */
const ALIGNMENT = 64;

/** One tensor as a .npy file: '<f8', C order, the tensor's shape. */
export function encodeNpy(tensor: Tensor): Uint8Array {
  const [rows, cols] = tensor.shape;
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const prefix = MAGIC.length + 2 + 2;
  const unpadded = prefix + dict.length + 1; // + the closing newline
  const padding = (ALIGNMENT - (unpadded % ALIGNMENT)) % ALIGNMENT;
  const header = utf8(`${dict}${' '.repeat(padding)}\n`);
  const preamble = new Uint8Array(prefix);
  preamble.set(MAGIC, 0);
  preamble[6] = 1; // major version
  preamble[7] = 0; // minor version
  new DataView(preamble.buffer).setUint16(8, header.length, true);
  return concatBytes([preamble, header, float64LE(tensor.data)]);
}
