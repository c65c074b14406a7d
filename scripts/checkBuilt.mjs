#!/usr/bin/env node
/**
 * The first, cheap gate on the built app: every script electron-vite wrote to
 * out/ (main process, trainer, preload, renderer and its workers) must parse,
 * as `node --check` parses it. A bundle that does not parse never starts
 * anywhere, and nothing else would say so before a person runs the app.
 *
 *     node scripts/checkBuilt.mjs [FOLDER]     # default: out/
 */

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const folder = resolve(process.argv[2] ?? join(root, 'out'));

function scripts(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return scripts(path);
    return /\.(js|cjs|mjs)$/.test(entry.name) ? [path] : [];
  });
}

if (!existsSync(folder)) {
  console.error(`${relative(root, folder) || folder} does not exist: build first (npm run build).`);
  process.exit(1);
}
const files = scripts(folder);
const broken = [];
for (const file of files) {
  const result = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
  if (result.status !== 0) broken.push(`${relative(root, file)}:\n${result.stderr.trim()}`);
}
if (files.length === 0) {
  console.error(`${relative(root, folder)} holds no scripts: build first (npm run build).`);
  process.exit(1);
}
if (broken.length > 0) {
  console.error(`${broken.length} of the ${files.length} built scripts do not parse:\n\n${broken.join('\n\n')}`);
  process.exit(1);
}
console.log(`${files.length} built scripts in ${relative(root, folder)} parse.`);
