/**
 * Worker threads for the CLI's TypeScript entries (the sweep's trainers, the
 * longer-sum measurements, the checkpoint writer).
 *
 * The CLI runs as TypeScript through tsx, whose loader a worker thread does
 * not inherit. Registering tsx inside each thread costs every thread a loader
 * thread of its own and about a quarter of a second of start-up on both
 * cores, which a sweep of short runs pays in throughput. Instead each entry is
 * bundled once per process by esbuild (what tsx itself compiles with) into
 * one script, and every thread evaluates that script: it starts in a few
 * milliseconds and loads nothing else.
 */

import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const bundles = new Map<string, string>();
const TSCONFIG = fileURLToPath(new URL('../tsconfig.node.json', import.meta.url));

/** Builds the entry's bundle now, so that starting its threads later costs only their start (a sweep's timer leaves out compiling its own code). */
export function prepareModuleWorker(entry: URL): void {
  bundle(fileURLToPath(entry));
}

/** A worker thread running the TypeScript module at `entry` (a file URL). */
export function moduleWorker(entry: URL): Worker {
  return new Worker(bundle(fileURLToPath(entry)), { eval: true });
}

/** The entry and everything it imports as one CommonJS script, built on first use. */
function bundle(path: string): string {
  let code = bundles.get(path);
  if (code === undefined) {
    const built = buildSync({
      entryPoints: [path],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      tsconfig: TSCONFIG,
      logLevel: 'silent',
    });
    // The one warning a bundle of ours can get is that import.meta is empty in CommonJS: a module that needs it cannot run in a thread.
    const warning = built.warnings[0];
    if (warning) throw new Error(`cannot start ${path} in a worker thread: ${warning.text}${warning.location ? ` (${warning.location.file}:${warning.location.line})` : ''}`);
    code = built.outputFiles[0]!.text;
    bundles.set(path, code);
  }
  return code;
}

