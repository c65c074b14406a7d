#!/usr/bin/env node
/**
 * The layering rule, checked on every import (`import`, `export … from`,
 * `import()`, `require()`) of the project's TypeScript and Vue files:
 *
 *   shared/        platform-neutral: no Node, no Electron, no DOM libraries, and none of the hosts
 *   shared/node/   Node-side services both hosts use: Node, but no Electron and none of the hosts
 *   cli/           the command line: no Electron and nothing of the desktop host or the renderer
 *   renderer/      the page: no Node, no Electron, nothing of the CLI or the desktop host's code
 *   electron/      the desktop host: nothing of the CLI or the renderer
 *
 * `npm run typecheck` runs it first; it prints one line per broken rule and exits 1.
 */

import { builtinModules } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_BUILTINS = new Set(builtinModules);
/** Packages that need a page (the DOM) to run. */
const DOM_PACKAGES = ['vue', 'pinia', 'chart.js', '@vue/', 'chartjs-'];

/** The layers, most specific folder first. */
const LAYERS = [
  { name: 'shared/node', folder: 'shared/node/', forbids: ['electron', 'electron/', 'cli/', 'renderer/', 'dom'] },
  { name: 'shared', folder: 'shared/', forbids: ['node', 'electron', 'electron/', 'cli/', 'renderer/', 'shared/node/', 'dom'] },
  { name: 'cli', folder: 'cli/', forbids: ['electron', 'electron/', 'renderer/'] },
  { name: 'renderer', folder: 'renderer/', forbids: ['node', 'electron', 'electron/', 'cli/', 'shared/node/'] },
  { name: 'electron', folder: 'electron/', forbids: ['cli/', 'renderer/'] },
];

const WHAT = {
  node: 'Node',
  electron: 'Electron',
  dom: 'a library that needs the DOM',
  'electron/': 'the desktop host (electron/)',
  'cli/': 'the command line (cli/)',
  'renderer/': 'the renderer (renderer/)',
  'shared/node/': 'the Node-side services (shared/node/)',
};

const IMPORT_PATTERNS = [
  /\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
  /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from\s+['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Source without comments (string contents stay, so specifiers survive). */
function withoutComments(source) {
  return source.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');
}

/** Every module specifier a file names, with its line. */
export function specifiersOf(source) {
  const text = withoutComments(source);
  const found = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      found.push({ specifier: match[1], line: text.slice(0, match.index).split('\n').length });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/** What a specifier names: a project path (relative to root, with /), or a package. */
function target(specifier, fromFile, root) {
  let path = null;
  if (specifier.startsWith('.')) path = resolve(dirname(fromFile), specifier);
  else if (specifier.startsWith('@shared/')) path = join(root, 'shared', specifier.slice('@shared/'.length));
  else if (specifier.startsWith('@/')) path = join(root, 'renderer/src', specifier.slice(2));
  if (path !== null) return { path: relative(root, path).split(sep).join('/') };
  return { package: specifier };
}

/** The rule names a target breaks among `forbids`. */
function broken(found, forbids) {
  if (found.path !== undefined) return forbids.filter((rule) => rule.endsWith('/') && `${found.path}/`.startsWith(rule));
  const name = found.package;
  const bare = name.replace(/^node:/, '').split('/')[0];
  return forbids.filter((rule) => {
    if (rule === 'node') return name.startsWith('node:') || NODE_BUILTINS.has(bare);
    if (rule === 'electron') return name === 'electron' || name.startsWith('electron/');
    if (rule === 'dom') return DOM_PACKAGES.some((p) => (p.endsWith('/') || p.endsWith('-') ? name.startsWith(p) : name === p || name.startsWith(`${p}/`)));
    return false;
  });
}

function sourceFiles(folder) {
  const files = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (/\.(ts|mts|cts|vue|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

/** Every broken rule under root, as lines "file:line: what it imports and why that is refused". */
export function importProblems(root) {
  const problems = [];
  for (const layer of LAYERS) {
    let files;
    try {
      files = sourceFiles(join(root, layer.folder));
    } catch {
      continue;
    }
    for (const file of files) {
      const path = relative(root, file).split(sep).join('/');
      if (LAYERS.find((l) => `${path}`.startsWith(l.folder)) !== layer) continue;
      for (const { specifier, line } of specifiersOf(readFileSync(file, 'utf8'))) {
        for (const rule of broken(target(specifier, file, root), layer.forbids)) {
          problems.push(`${path}:${line}: ${layer.name} may not import ${WHAT[rule]}, but imports '${specifier}'`);
        }
      }
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const problems = importProblems(root);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) {
    console.error(`${problems.length} import${problems.length === 1 ? '' : 's'} break the layering rule (scripts/checkImports.mjs).`);
    process.exit(1);
  }
}
