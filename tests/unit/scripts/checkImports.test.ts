/**
 * The layering rule (scripts/checkImports.mjs): the project as it is breaks
 * none of it, and each forbidden kind of import, written into a small tree of
 * its own, is named with its file and line.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importProblems, specifiersOf } from '../../../scripts/checkImports.mjs';

const ROOT = resolve(import.meta.dirname, '../../..');
const tree = mkdtempSync(join(tmpdir(), 'rnn-imports-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(dirname(join(tree, path)), { recursive: true });
  writeFileSync(join(tree, path), text);
}

describe('the layering rule', () => {
  it('holds for the project', () => {
    expect(importProblems(ROOT)).toEqual([]);
  });

  it('finds static, re-exported, dynamic and required imports, and skips commented ones', () => {
    const found = specifiersOf(
      ["import { a } from './a';", "import type { B } from '@shared/b';", "export * from './c';", "export { d } from 'd';", "const e = await import('e');", "const f = require('node:fs');", "// import g from 'g';", "/* import h from 'h'; */", "import './side-effect';"].join('\n'),
    );
    expect(found.map((f) => f.specifier)).toEqual(['./a', '@shared/b', './c', 'd', 'e', 'node:fs', './side-effect']);
    expect(found.find((f) => f.specifier === 'node:fs')?.line).toBe(6);
  });

  it('names each broken rule with its file and line', () => {
    write('shared/rnn/core.ts', "import { readFile } from 'node:fs/promises';\nimport { ok } from './ok';\n");
    write('shared/rnn/ok.ts', 'export const ok = 1;\n');
    write('shared/export/zip.ts', "import { x } from 'path';\nimport type { App } from 'electron';\nimport { ref } from 'vue';\nimport { y } from '../node/files';\n");
    write('shared/node/files.ts', "import { stat } from 'node:fs';\nimport { ok } from '../rnn/ok';\nimport { app } from 'electron';\n");
    write('cli/files.ts', "import { writeFileAtomic } from '../electron/main/services/atomicWrite';\nimport { y } from '../shared/node/files';\n");
    write('renderer/src/App.vue', "<script setup lang=\"ts\">\nimport { spawn } from 'node:child_process';\nimport { ok } from '@shared/rnn/ok';\n</script>\n");
    write('electron/main/index.ts', "import { app } from 'electron';\nimport { run } from '../../cli/main';\nimport { stat } from 'node:fs';\n");
    expect(importProblems(tree).sort()).toEqual(
      [
        "shared/rnn/core.ts:1: shared may not import Node, but imports 'node:fs/promises'",
        "shared/export/zip.ts:1: shared may not import Node, but imports 'path'",
        "shared/export/zip.ts:2: shared may not import Electron, but imports 'electron'",
        "shared/export/zip.ts:3: shared may not import a library that needs the DOM, but imports 'vue'",
        "shared/export/zip.ts:4: shared may not import the Node-side services (shared/node/), but imports '../node/files'",
        "shared/node/files.ts:3: shared/node may not import Electron, but imports 'electron'",
        "cli/files.ts:1: cli may not import the desktop host (electron/), but imports '../electron/main/services/atomicWrite'",
        "renderer/src/App.vue:2: renderer may not import Node, but imports 'node:child_process'",
        "electron/main/index.ts:2: electron may not import the command line (cli/), but imports '../../cli/main'",
      ].sort(),
    );
  });
});
