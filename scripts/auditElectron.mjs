#!/usr/bin/env node
/**
 * Security audit of the desktop host: runs electronegativity over the
 * main-process, preload and trainer sources in electron/ (it parses
 * TypeScript) for the installed Electron version, prints every finding, and
 * exits non-zero when a finding has no justification or a file could not be
 * parsed.
 *
 * Justifying a finding: a comment on the flagged line, or in the comment lines
 * directly above it, of the form
 *
 *     // security-reviewed CHECK_ID: why this is safe here (at least 20 characters)
 *
 * naming the check's ID as electronegativity prints it (for example
 * PRELOAD_JS_CHECK). The reason stays next to the code it excuses, so a change
 * there is reviewed with it. electronegativity's own `eng-disable` comments
 * are refused: they hide a finding without saying why.
 */

import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const INPUT = join(ROOT, 'electron');
const MIN_REASON = 20;
const require = createRequire(join(ROOT, 'package.json'));

const run = require('@doyensec/electronegativity');
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;

/** Every source file under a folder. */
function sources(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|js|mjs|cjs|html)$/.test(entry.name) ? [path] : [];
  });
}

/** The justification for a check on a line (1-based), looking at the line and the comment lines right above it. */
function justification(lines, line, checkId) {
  const pattern = new RegExp(`security-reviewed\\s+${checkId}\\s*:\\s*(.+)$`);
  const candidates = [lines[line - 1] ?? ''];
  for (let i = line - 2; i >= 0 && /^\s*(\/\/|\*|\/\*)/.test(lines[i]); i--) candidates.push(lines[i]);
  for (const text of candidates) {
    const match = pattern.exec(text);
    if (match) return match[1].replace(/\*\/\s*$/, '').trim();
  }
  return null;
}

const problems = [];

for (const file of sources(INPUT)) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (/eng-disable/.test(text)) problems.push(`${relative(ROOT, file)}:${i + 1}: eng-disable hides a finding without a reason; use "security-reviewed CHECK_ID: reason" instead`);
    });
}

const result = await run({ input: INPUT, electronVersionOverride: electronVersion, isRelative: false, parserPlugins: [] });

for (const error of result.errors) {
  const where = relative(ROOT, error.file);
  if (error.tolerable) console.log(`note: ${where}: ${error.message}`);
  else problems.push(`${where}: electronegativity could not parse it (${error.message}), so it was not audited`);
}

console.log(`electronegativity ${result.atomicChecks} atomic and ${result.globalChecks} global checks over ${relative(ROOT, INPUT)}/ for Electron ${electronVersion}`);

let justified = 0;
for (const issue of result.issues) {
  const where = issue.file === 'N/A' ? 'the whole app' : `${relative(ROOT, issue.file)}:${issue.location.line}:${issue.location.column}`;
  const level = `${issue.severity?.name ?? '?'} | ${issue.confidence?.name ?? '?'}`;
  const header = `${issue.id} (${level}) at ${where}: ${issue.description}${issue.shortenedURL ? ` ${issue.shortenedURL}` : ''}`;
  const reason = issue.file === 'N/A' ? null : justification(readFileSync(issue.file, 'utf8').split('\n'), issue.location.line, issue.id);
  if (reason && reason.length >= MIN_REASON) {
    justified += 1;
    console.log(`justified  ${header}\n           reason: ${reason}`);
  } else {
    const why = reason ? `its justification is too short (at least ${MIN_REASON} characters)` : `add "// security-reviewed ${issue.id}: <why it is safe>" on or above that line, or fix it`;
    problems.push(`${header}\n  ${why}`);
  }
}

if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s):`);
  for (const problem of problems) console.error(`- ${problem}`);
  process.exit(1);
}
console.log(`\n${result.issues.length} finding(s), all justified inline (${justified}); nothing to fix.`);
