import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { parseModelFile } from '@shared/model-file/modelFile';
import type { Model } from '@shared/model-file/model';

export const ROOT = resolve(import.meta.dirname, '../../..');
const MAIN = join(ROOT, 'cli/main.ts');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Where stdout goes: captured (the default) or an open file descriptor. */
  stdout?: 'pipe' | number;
  /** Variables added to this process's environment. */
  env?: NodeJS.ProcessEnv;
}

/** Starts the CLI as a real Node process, as `npm run cli` does (tsx, no build step). */
export function startCli(args: readonly string[], options: CliOptions = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const env = options.env ? { ...process.env, ...options.env } : process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env, stdio: ['ignore', options.stdout ?? 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult>((resolveDone, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolveDone({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** The one JSON line a command prints on stdout. */
export function jsonLine(result: CliResult): Record<string, unknown> {
  const lines = result.stdout.split('\n').filter((l) => l.length > 0);
  if (lines.length !== 1) throw new Error(`expected one stdout line, got ${lines.length}: ${result.stdout}\nstderr: ${result.stderr}`);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

/** The one stderr line of a refusal (exit 2, nothing on stdout). */
export function refusal(result: CliResult): string {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n').filter((l) => l.length > 0);
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

/** A temporary folder for one test file's runs: made before its tests, removed after them. */
export interface TempDir {
  /** The folder itself (empty until the file's tests start). */
  readonly path: string;
  /** A path inside the folder. */
  at(...names: string[]): string;
}

/** Registers the file's temporary folder; call it before the file's own `beforeAll`, which may then use it. */
export function tempDirForFile(): TempDir {
  let path = '';
  beforeAll(async () => {
    path = await mkdtemp(join(tmpdir(), 'rnn-cli-'));
  });
  afterAll(() => rm(path, { recursive: true, force: true }));
  return { get path() { return path; }, at: (...names) => join(path, ...names) };
}

/** A model the CLI trains into the file's temporary folder before the file's tests; its path, text and parsed model. */
export interface TrainedModel {
  readonly path: string;
  readonly text: string;
  readonly model: Model;
}

/** Registers a model to train before the file's tests (call it after `tempDirForFile`, whose folder it needs). */
export function trainedModelForFile(temp: TempDir, name: string, args: readonly string[]): TrainedModel {
  let text = '';
  let model: Model | null = null;
  beforeAll(async () => {
    await trainModel(temp.at(name), args);
    text = await readFile(temp.at(name), 'utf8');
    model = parseModelFile(text);
  });
  return {
    get path() {
      return temp.at(name);
    },
    get text() {
      return text;
    },
    get model() {
      return model!;
    },
  };
}

/** Trains a model with the CLI into `out`, failing the caller with the CLI's own message when it cannot. */
export async function trainModel(out: string, args: readonly string[]): Promise<void> {
  const trained = await runCli(['train', ...args, '--out', out]);
  if (trained.code !== 0) throw new Error(trained.stderr);
}

/** The model file at `path`, parsed. */
export async function readModel(path: string): Promise<Model> {
  return parseModelFile(await readFile(path, 'utf8'));
}
