/**
 * .github/workflows/ci.yml, checked for the structure GitHub Actions requires
 * (no workflow schema is available offline) and for what it must do: on
 * Linux under xvfb, macOS and Windows with Node 22, install, fetch Electron's
 * binary, build, run npm test, package with npm run dist and keep the
 * packages; the same install and test commands as .ci/run.
 */

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const require = createRequire(join(ROOT, 'package.json'));
const { load } = require('js-yaml') as { load(text: string): unknown };

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  strategy?: { matrix?: { os?: string[] } };
  steps: Step[];
  [key: string]: unknown;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
  [key: string]: unknown;
}

const workflow = load(readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8')) as Workflow;
const job = Object.values(workflow.jobs)[0]!;
const steps = job.steps;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

const WORKFLOW_KEYS = ['name', 'run-name', 'on', 'permissions', 'env', 'defaults', 'concurrency', 'jobs'];
const JOB_KEYS = ['name', 'needs', 'permissions', 'runs-on', 'environment', 'concurrency', 'outputs', 'env', 'defaults', 'if', 'steps', 'timeout-minutes', 'strategy', 'continue-on-error', 'container', 'services', 'uses', 'with', 'secrets'];
const STEP_KEYS = ['id', 'if', 'name', 'uses', 'run', 'shell', 'with', 'env', 'continue-on-error', 'timeout-minutes', 'working-directory'];
const EVENTS = ['push', 'pull_request', 'workflow_dispatch', 'schedule', 'release', 'workflow_call'];

/** The index of the first step whose command matches, or -1. */
function stepRunning(pattern: RegExp, from = 0): number {
  return steps.findIndex((step, i) => i >= from && step.run !== undefined && pattern.test(step.run));
}

describe('the GitHub Actions workflow', () => {
  it('has the shape GitHub Actions accepts: known keys, known events, jobs of steps that each use an action or run a command', () => {
    expect(Object.keys(workflow).filter((key) => !WORKFLOW_KEYS.includes(key))).toEqual([]);
    expect(Object.keys(workflow.on).filter((event) => !EVENTS.includes(event))).toEqual([]);
    expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
    for (const [id, each] of Object.entries(workflow.jobs)) {
      expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
      expect(Object.keys(each).filter((key) => !JOB_KEYS.includes(key))).toEqual([]);
      expect(typeof each['runs-on']).toBe('string');
      for (const step of each.steps) {
        expect(Object.keys(step).filter((key) => !STEP_KEYS.includes(key))).toEqual([]);
        expect((step.uses === undefined) !== (step.run === undefined), JSON.stringify(step)).toBe(true);
        if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@v\d+$/);
      }
    }
  });

  it('runs on Linux, macOS and Windows with Node 22', () => {
    expect(job.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    expect(job['runs-on']).toBe('${{ matrix.os }}');
    const setup = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['node-version']).toBe(22);
    expect(steps[0]?.uses).toMatch(/^actions\/checkout@/);
  });

  it('installs, fetches Electron, builds, tests (under xvfb on Linux), packages, in that order', () => {
    const install = stepRunning(/^npm ci\b/);
    const electron = stepRunning(/^node scripts\/ensureElectron\.mjs$/);
    const build = stepRunning(/^npm run build$/);
    const linuxTest = stepRunning(/^xvfb-run -a npm test$/);
    const otherTest = stepRunning(/^npm test$/);
    const dist = stepRunning(/^npm run dist\b/);
    expect([install, electron, build, linuxTest, otherTest, dist].every((i) => i >= 0)).toBe(true);
    expect(install).toBeLessThan(electron);
    expect(electron).toBeLessThan(build);
    expect(build).toBeLessThan(Math.min(linuxTest, otherTest));
    expect(Math.max(linuxTest, otherTest)).toBeLessThan(dist);
    expect(steps[linuxTest]?.if).toBe("runner.os == 'Linux'");
    expect(steps[otherTest]?.if).toBe("runner.os != 'Linux'");
    expect(existsSync(join(ROOT, 'scripts/ensureElectron.mjs'))).toBe(true);
    for (const script of ['build', 'test', 'dist']) expect(pkg.scripts[script], script).toBeDefined();
  });

  it('keeps the packages of every OS as artifacts', () => {
    const upload = steps.findIndex((step) => step.uses?.startsWith('actions/upload-artifact@') && step.if === undefined);
    expect(upload).toBeGreaterThan(stepRunning(/^npm run dist\b/));
    const paths = String(steps[upload]?.with?.path).trim().split('\n');
    expect(paths).toEqual(['release/*/*.AppImage', 'release/*/*.deb', 'release/*/*.dmg', 'release/*/*.exe']);
    expect(steps[upload]?.with?.['if-no-files-found']).toBe('error');
  });

  it('installs and tests with the same commands as .ci/run', () => {
    const ciRun = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    const commands = ciRun.split('\n').map((line) => line.trim()).filter((line) => /^npm /.test(line));
    expect(commands).toEqual(['npm ci --no-audit --no-fund', 'npm test']);
    for (const command of commands) expect(steps.some((step) => step.run?.split('\n').some((line) => line.trim().endsWith(command)))).toBe(true);
  });
});
