import { describe, expect, it } from 'vitest';
import { serializeModel } from '@shared/model-file/modelFile';
import { jsonSyntaxError } from '@shared/model-file/jsonSyntax';
import { refusalOf } from './refusal';
import { sampleModel } from './sampleModel';

describe('JSON syntax errors name the line and column, never the raw text', () => {
  it.each([
    ['{"a": 1,\n "b" 2}', "expected ':', found '2' at line 2, column 6"],
    ['{"a": 1\n\n  "b": 2}', "expected ',' or '}', found '\"' at line 3, column 3"],
    ['[1, 2', "expected ',' or ']', found the end of the text at line 1, column 6"],
    ['', 'expected a value, found the end of the text at line 1, column 1'],
    ['root:x:0:0:root:/root:/bin/bash\n', "unexpected 'r' at line 1, column 1"],
    ['\x1b[31mred', 'unexpected U+001B at line 1, column 1'],
    ['{"a": "x\u0000y"}', 'unexpected U+0000 at line 1, column 9'],
    ['{"a": "\\q"}', "unexpected 'q' at line 1, column 9"],
    ['{"a": "\\u12g4"}', "expected a hexadecimal digit, found 'g' at line 1, column 12"],
    ['{"a": 01}', "expected ',' or '}', found '1' at line 1, column 8"],
    ['{"a": -}', "expected a digit, found '}' at line 1, column 8"],
    ['{"a": 1.}', "expected a digit, found '}' at line 1, column 9"],
    ['{"a": tru}', "unexpected 't' at line 1, column 7"],
    ['{a: 1}', "expected a property name in double quotes, found 'a' at line 1, column 2"],
    ['{"a": 1}}', "expected the end of the text, found '}' at line 1, column 9"],
    ['\uFEFF{}', 'unexpected U+FEFF at line 1, column 1'],
    ['"open', 'expected a closing ", found the end of the text at line 1, column 6'],
  ])('%j', (text, message) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonSyntaxError(text)).toBe(message);
  });

  it('finds no error in valid JSON, however deep', () => {
    const valid = [serializeModel(sampleModel({ bias: true })), '[]', '{}', ' 0 ', '-0.5e+10', '"\\u00e9\\n"', 'true', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, '{"a":[{"b":null},false]}'];
    for (const text of valid) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(jsonSyntaxError(text)).toBeNull();
    }
  });

  it('agrees with JSON.parse on every truncation and one-character change of a model file', () => {
    const text = serializeModel(sampleModel({ bias: true })).slice(0, 600);
    const variants: string[] = [];
    for (let i = 0; i <= text.length; i += 7) variants.push(text.slice(0, i));
    for (let i = 0; i < text.length; i += 5) for (const c of ['"', ',', '}', ']', 'x', '\n', '\\', '-', '.', 'e']) variants.push(text.slice(0, i) + c + text.slice(i + 1));
    for (const variant of variants) {
      let valid = true;
      try {
        JSON.parse(variant);
      } catch {
        valid = false;
      }
      expect(jsonSyntaxError(variant) === null, variant).toBe(valid);
    }
  });

  it('keeps the model file message to one printable line for binary and multi-line files', () => {
    const binary = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => (i * 37) % 256));
    for (const text of [binary, '\x1b]0;title\x07\n\nnot json\n', '{\n"format":\n"rnn-studio-model",\n\u0000}']) {
      const message = refusalOf(text);
      expect(message).toMatch(/^not a model file: the text is not valid JSON \(.* at line \d+, column \d+\)$/);
      expect(message).toMatch(/^[\x20-\x7e]*$/);
    }
  });

  it('quotes field values and keys from the file without their non-printable characters', () => {
    const json = JSON.parse(serializeModel(sampleModel({ bias: false }))) as Record<string, Record<string, unknown>>;
    json.config!['\x1b[2J\u202ehidden\nsize'] = 1;
    const key = refusalOf(JSON.stringify(json));
    expect(key.startsWith('config["\\u001b[2J\\u{202E}hidden\\nsize"] is not an option; the options are bits, ')).toBe(true);
    expect(key).toMatch(/^[\x20-\x7e]*$/);
    const format = { ...json, format: 'evil\u2028\x07' };
    expect(refusalOf(JSON.stringify(format))).toBe('not an RNN Studio model file: format is "evil\\u{2028}\\u0007"; expected "rnn-studio-model"');
  });
});
