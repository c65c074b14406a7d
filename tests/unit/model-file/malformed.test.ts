import { describe, expect, it } from 'vitest';
import { ModelFileError, cloneModel, parseModelFile, serializeModel } from '@shared/model-file/modelFile';
import { MAX_MODEL_FILE_BYTES, MODEL_VERSION } from '@shared/model-file/model';
import { fieldOf, legacyDefault } from '@shared/rnn/config';
import { refusalOf } from './refusal';
import { sampleModel } from './sampleModel';

type Json = any;

/** A valid file as a JSON object, to be broken one field at a time. */
function validJson(bias = false): Json {
  return JSON.parse(serializeModel(sampleModel({ bias })));
}

function broken(change: (json: Json) => void, bias = false): string {
  const json = validJson(bias);
  change(json);
  return JSON.stringify(json);
}

const cases: [name: string, text: string, message: string | RegExp][] = [
  ['text that is not JSON', '{"format": "rnn-studio-model", ', /^not a model file: the text is not valid JSON \(/],
  ['an empty file', '', /^not a model file: the text is not valid JSON/],
  ['a JSON array', '[1, 2, 3]', 'not a model file: expected a JSON object at the top level; got an array'],
  ['a JSON number', '42', 'not a model file: expected a JSON object at the top level; got 42'],
  ['JSON null', 'null', 'not a model file: expected a JSON object at the top level; got null'],
  ['no format', broken((j) => delete j.format), 'not an RNN Studio model file: "format" is missing (expected "rnn-studio-model")'],
  ['another format', broken((j) => (j.format = 'keras')), 'not an RNN Studio model file: format is "keras"; expected "rnn-studio-model"'],
  ['a newer version', broken((j) => (j.version = MODEL_VERSION + 1)), `the model file is version ${MODEL_VERSION + 1}, newer than this studio reads (version ${MODEL_VERSION}); open it with a newer RNN Studio`],
  ['no version', broken((j) => delete j.version), 'version is missing'],
  ['a version as text', broken((j) => (j.version = '1')), /^version must be a whole number from 1 to \d+; got "1"$/],
  ['version 0', broken((j) => (j.version = 0)), /^version must be a whole number from 1 to \d+; got 0$/],
  ['no config', broken((j) => delete j.config), 'config is missing'],
  ['config as an array', broken((j) => (j.config = [])), 'config must be an object; got an array'],
  ['an unknown option', broken((j) => (j.config.dropout = 0.5)), /^config\.dropout is not an option; the options are bits, cell, hiddenSize, /],
  ['a missing option', broken((j) => delete j.config.bits), 'config.bits is missing (Bits: an integer from 2 to 32)'],
  ['hidden size 0', broken((j) => (j.config.hiddenSize = 0)), 'config.hiddenSize: Hidden size must be an integer from 1 to 512; got 0'],
  ['an absurd hidden size', broken((j) => (j.config.hiddenSize = 1e9)), 'config.hiddenSize: Hidden size must be an integer from 1 to 512; got 1000000000'],
  ['an unknown activation', broken((j) => (j.config.activation = 'relu')), 'config.activation: Activation must be sigmoid or tanh; got "relu"'],
  ['bias as text', broken((j) => (j.config.bias = 'yes')), 'config.bias: Biases must be on or off; got "yes"'],
  ['learning rate 0', broken((j) => (j.config.learningRate = 0)), 'config.learningRate: Learning rate must be a number above 0 and at most 100; got 0'],
  ['a negative seed', broken((j) => (j.config.seed = -1)), 'config.seed: Seed must be an integer from 0 to 4294967295; got -1'],
  ['33 bits', broken((j) => (j.config.bits = 33)), 'config.bits: Bits must be an integer from 2 to 32; got 33'],
  ['no weights', broken((j) => delete j.weights), 'weights is missing'],
  ['a missing weight', broken((j) => delete j.weights.V), 'weights.V is missing'],
  ['a bias without biases', broken((j) => (j.weights.b_h = { shape: [1, 16], data: new Array(16).fill(0) })), 'weights.b_h is present but biases are off; a model without biases has only U, V, W'],
  ['an unknown weight', broken((j) => (j.weights.X = { shape: [1, 1], data: [0] })), 'weights.X is not a weight of this model; expected U, V, W'],
  ['a missing bias with biases on', broken((j) => delete j.weights.b_o, true), 'weights.b_o is missing (biases are on, so b_h and b_o are needed)'],
  ['a shape that does not match the config', broken((j) => (j.weights.V!.shape = [16, 8])), 'weights.V.shape is [16, 8]; hidden size 16 needs [16, 16]'],
  ['an absurd shape', broken((j) => (j.weights.U!.shape = [1e12, 16])), 'weights.U.shape[0] must be a whole number from 1 to 65536; got 1000000000000'],
  ['a shape as text', broken((j) => (j.weights.U!.shape = '2x16')), 'weights.U.shape must be an array; got "2x16"'],
  ['a three-dimensional shape', broken((j) => (j.weights.W!.shape = [16, 1, 1])), 'weights.W.shape must be [rows, cols]; got 3 numbers'],
  ['too few numbers', broken((j) => j.weights.U!.data.pop()), 'weights.U.data has 31 numbers; 32 are needed'],
  ['too many numbers', broken((j) => j.weights.W!.data.push(1)), 'weights.W.data has 17 numbers; 16 are needed'],
  ['a null weight', broken((j) => (j.weights.V!.data[17] = null)), 'weights.V.data[17] must be a finite number; got null'],
  ['a weight as text', broken((j) => (j.weights.V!.data[3] = '0.5')), 'weights.V.data[3] must be a finite number; got "0.5"'],
  ['an overflowing weight', serializeModel(sampleModel()).replace(/"W": \{ "shape": \[16, 1\], "data": \[[^,]+/, '"W": { "shape": [16, 1], "data": [1e999'), 'weights.W.data[0] must be a finite number; got Infinity'],
  ['no data', broken((j) => delete j.weights.U!.data), 'weights.U.data is missing'],
  ['a weight that is not an object', broken((j) => (j.weights.U = [1, 2])), 'weights.U must be a tensor { shape, data }; got an array'],
  ['no training state', broken((j) => delete j.training), 'training is missing'],
  ['negative iterations', broken((j) => (j.training.iterations = -5)), /^training\.iterations must be a whole number from 0 to \d+; got -5$/],
  ['fractional iterations', broken((j) => (j.training.iterations = 1.5)), /^training\.iterations must be a whole number from 0 to \d+; got 1\.5$/],
  ['no last loss', broken((j) => delete j.training.lastLoss), 'training.lastLoss is missing (use null when unknown)'],
  ['an accuracy above 1', broken((j) => (j.training.accuracy = 1.5)), 'training.accuracy must be a fraction from 0 to 1 or null; got 1.5'],
  ['a seed that differs from the config', broken((j) => (j.training.seed = 7)), 'training.seed is 7 but config.seed is 1234; they must be equal'],
  ['elapsed time as text', broken((j) => (j.training.elapsedSeconds = 'fast')), 'training.elapsedSeconds must be a number of seconds of at least 0; got "fast"'],
  ['no loss history', broken((j) => delete j.lossHistory), 'lossHistory is missing'],
  ['stride 0', broken((j) => (j.lossHistory.stride = 0)), /^lossHistory\.stride must be a whole number from 1 to \d+; got 0$/],
  ['a fractional stride', broken((j) => (j.lossHistory.stride = 2.5)), /^lossHistory\.stride must be a whole number from 1 to \d+; got 2\.5$/],
  ['a history too long', broken((j) => { j.training.iterations = 1e6; j.lossHistory.values = new Array(10_001).fill(0.5); }), 'lossHistory.values has 10001 numbers; at most 10000 are allowed'],
  ['a history point that is null', broken((j) => (j.lossHistory.values[4] = null)), 'lossHistory.values[4] must be a finite number; got null'],
  ['a negative mean loss', broken((j) => (j.lossHistory.values[3] = -0.5)), 'lossHistory.values[3] must be at least 0 (a mean loss); got -0.5'],
  [
    'history points whose losses add up past the float64 maximum',
    broken((j) => (j.lossHistory.values = [1.5e308])),
    'lossHistory.values add up, over the 500 iterations they cover, to more than a float64 holds; no run\'s mean losses are so large',
  ],
  ['vanilla weights under an LSTM cell', broken((j) => (j.config.cell = 'lstm')), 'weights.U is a weight of the rnn cell, but the cell is lstm, whose weights are U_i, U_o, U_f, U_c, V_i, V_o, V_f, V_c, W'],
  ['a GRU gate in a vanilla file', broken((j) => (j.weights.V_z = j.weights.V)), 'weights.V_z is a weight of the gru cell, but the cell is rnn, whose weights are U, V, W'],
  ['an unknown cell', broken((j) => (j.config.cell = 'transformer')), 'config.cell: Cell must be rnn, lstm or gru; got "transformer"'],
  ['a history longer than the iterations', broken((j) => (j.training.iterations = 100)), 'lossHistory has 50 points of stride 10, more than training.iterations (100) can fill'],
];

describe('malformed model files', () => {
  it('covers at least 30 kinds of bad file', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('rejects %s', (_name, text, message) => {
    const refusal = refusalOf(text);
    if (typeof message === 'string') expect(refusal).toBe(message);
    else expect(refusal).toMatch(message);
  });

  it('accepts the unbroken files the cases start from', () => {
    expect(() => parseModelFile(JSON.stringify(validJson()))).not.toThrow();
    expect(() => parseModelFile(JSON.stringify(validJson(true)))).not.toThrow();
  });

  it('refuses a file over 105 MB by its byte length, before parsing', () => {
    const text = serializeModel(sampleModel());
    expect(() => parseModelFile(text, MAX_MODEL_FILE_BYTES + 1)).toThrow('the file is 105.0 MB; a model file can be at most 105 MB');
    expect(() => parseModelFile(text, MAX_MODEL_FILE_BYTES)).not.toThrow();
  });

  it('refuses text over 105 MB without parsing it', () => {
    // Not JSON either: had it been parsed first, the message would say so.
    const text = '{' + ' '.repeat(MAX_MODEL_FILE_BYTES);
    expect(() => parseModelFile(text.slice(0, 1000))).toThrow(/^not a model file: the text is not valid JSON/);
    expect(() => parseModelFile(text)).toThrow(/^the file is 105\.0 MB; a model file can be at most 105 MB$/);
  });

  it('leaves the open model untouched when a bad file is read', () => {
    const open = sampleModel({ bias: true });
    const before = serializeModel(open);
    const copy = cloneModel(open);
    for (const [, text] of cases) expect(() => parseModelFile(text)).toThrow(ModelFileError);
    expect(serializeModel(open)).toBe(before);
    expect(open).toEqual(copy);
  });
});

describe('older versions', () => {
  it('opens a version 1 file, which has no cell, as the vanilla cell', () => {
    const model = parseModelFile(broken((j) => { j.version = 1; delete j.config.cell; }));
    expect(model.config.cell).toBe('rnn');
    expect(Object.keys(model.weights)).toEqual(['U', 'V', 'W']);
  });

  it('needs the cell in a version 2 file', () => {
    expect(() => parseModelFile(broken((j) => delete j.config.cell))).toThrow('config.cell is missing (Cell: rnn, lstm or gru)');
  });

  it('opens a version 1 file, which holds every version 1 option', () => {
    const model = parseModelFile(broken((j) => (j.version = 1)));
    expect(model.config).toEqual(sampleModel({}).config);
  });

  it('gives an option newer than the file its default, and none to an option the file should hold', () => {
    const newer = { ...fieldOf('hiddenSize'), since: MODEL_VERSION };
    expect(legacyDefault(newer, MODEL_VERSION - 1)).toBe(16);
    expect(legacyDefault(newer, MODEL_VERSION)).toBeUndefined();
    expect(legacyDefault(fieldOf('hiddenSize'), 1)).toBeUndefined();
  });
});
