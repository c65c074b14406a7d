/** electron-builder.yml against electron-builder's own JSON schema, and what the package must hold. */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { MODEL_EXTENSION } from '@shared/model-file/model';

const ROOT = resolve(import.meta.dirname, '../../..');
const require = createRequire(join(ROOT, 'package.json'));
const { load } = require('js-yaml') as { load(text: string): unknown };

const config = load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;

function validate(value: unknown) {
  const check = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return { valid: check(value), errors: check.errors ?? [] };
}

describe('electron-builder.yml', () => {
  it("is valid against app-builder-lib's scheme.json", () => {
    const { valid, errors } = validate(config);
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
  });

  it('would be refused by the schema if it had an unknown option (the check is real)', () => {
    expect(validate({ ...config, productNme: 'typo' }).valid).toBe(false);
    expect(validate({ ...config, linux: { ...config.linux, target: 42 } }).valid).toBe(false);
  });

  it('names the app, targets AppImage and deb (with a maintainer), dmg and nsis', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/);
    expect(config.productName).toBe('RNN Studio');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('associates the model extension and packs only the built output', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: MODEL_EXTENSION, name: 'RNN Studio model' })]);
    expect(config.files).toEqual(['out/**', 'package.json']);
  });

  it('matches package.json: the main entry is in the packed output', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
  });
});
