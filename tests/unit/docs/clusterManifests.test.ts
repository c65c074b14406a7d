/**
 * The cluster manifests in docs/cluster run the sweep the README documents: the
 * Kubernetes Indexed Job and the Slurm array parse, have as many shards as the
 * command's --shard auto/N, and run its command lines, the scheduler's index
 * standing for $INDEX.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../cli/args';
import { SWEEP_OPTIONS } from '../../../cli/commands/sweep';
import { parseShard } from '../../../cli/sweep/shards';

const ROOT = resolve(import.meta.dirname, '../../..');
const { loadAll } = createRequire(join(ROOT, 'package.json'))('js-yaml') as { loadAll(text: string): unknown[] };
const CLUSTER = join(ROOT, 'docs/cluster');
const read = (path: string): string => readFileSync(path, 'utf8');

/** The commands of the README's "Sweeps on a cluster" section. */
function readmeCommands(): { sweep: string; merge: string } {
  const readme = read(join(ROOT, 'README.md'));
  const section = readme.slice(readme.indexOf('### Sweeps on a cluster'));
  const commands = section.slice(0, section.indexOf('\n#', 4)).split('\n').filter((l) => l.startsWith('    npm run')).map((l) => l.trim());
  expect(commands).toHaveLength(2);
  return { sweep: commands[0]!, merge: commands[1]! };
}

type Doc = Record<string, any>;

function yamlDocs(name: string): Doc[] {
  return loadAll(read(join(CLUSTER, name))) as Doc[];
}

/** The single container of a Job, its command run through sh -c. */
function jobCommand(job: Doc): { container: Doc; line: string } {
  const containers = job.spec.template.spec.containers as Doc[];
  expect(containers).toHaveLength(1);
  const container = containers[0]!;
  expect(container.command).toEqual(['sh', '-c']);
  expect(container.args).toHaveLength(1);
  return { container, line: container.args[0] as string };
}

/** The lines of a shell script that run the CLI. */
function scriptCommands(name: string): string[] {
  return read(join(CLUSTER, name)).split('\n').filter((l) => l.startsWith('npm run'));
}

const { sweep, merge } = readmeCommands();
const shards = parseShard(/--shard (\S+)/.exec(sweep)![1]!, { JOB_COMPLETION_INDEX: '0' }).count;

describe('the README\'s cluster sweep', () => {
  it('is a sweep the CLI takes, in shards, with the index of the scheduler in its --out', () => {
    expect(sweep.startsWith('npm run -s cli -- sweep ')).toBe(true);
    const parsed = parseArgs('sweep', sweep.replace('npm run -s cli -- sweep ', '').split(' '), SWEEP_OPTIONS);
    expect(parsed.positionals).toEqual([]);
    expect(parsed.options.get('shard')).toBe(`auto/${shards}`);
    expect(parsed.options.get('seeds')).toBeDefined();
    expect(parsed.options.get('out')).toBe('results/shard-$INDEX.jsonl');
    expect(merge).toBe('npm run -s cli -- sweep merge results/shard-*.jsonl --out results/sweep.jsonl');
  });
});

describe('the Kubernetes manifests', () => {
  const [claim, job] = yamlDocs('sweep-job.yaml');
  const [mergeJob] = yamlDocs('merge-job.yaml');
  const workdir = /^WORKDIR (\S+)$/m.exec(read(join(CLUSTER, 'Dockerfile')))![1];

  it('run one pod per shard as an Indexed Job, with the README\'s command', () => {
    expect(claim).toMatchObject({ kind: 'PersistentVolumeClaim', spec: { accessModes: ['ReadWriteMany'] } });
    expect(job).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', spec: { completionMode: 'Indexed', completions: shards, parallelism: shards } });
    const { container, line } = jobCommand(job!);
    expect(line.replaceAll('$JOB_COMPLETION_INDEX', '$INDEX')).toBe(sweep);
    expect(container.workingDir).toBe(workdir);
    expect(container.volumeMounts).toEqual([{ name: 'results', mountPath: `${workdir}/results` }]);
    expect(job!.spec.template.spec.volumes).toEqual([{ name: 'results', persistentVolumeClaim: { claimName: claim!.metadata.name } }]);
  });

  it('merge what the shards wrote on the same volume, with the same image', () => {
    const { container, line } = jobCommand(mergeJob!);
    expect(line).toBe(merge);
    expect(container.image).toBe(jobCommand(job!).container.image);
    expect(container.volumeMounts).toEqual([{ name: 'results', mountPath: `${workdir}/results` }]);
    expect(mergeJob!.spec.template.spec.volumes).toEqual(job!.spec.template.spec.volumes);
  });

  it('build their image from the repository with Node 20 or later', () => {
    const dockerfile = read(join(CLUSTER, 'Dockerfile'));
    expect(Number(/^FROM node:(\d+)/m.exec(dockerfile)![1])).toBeGreaterThanOrEqual(20);
    expect(dockerfile).toMatch(/^RUN npm ci/m);
    expect(read(join(CLUSTER, 'Dockerfile.dockerignore')).split('\n')).toContain('node_modules');
  });
});

describe('the Slurm scripts', () => {
  it('run one array task per shard with the README\'s command, then the merge', () => {
    const script = read(join(CLUSTER, 'sweep.slurm'));
    expect(/^#SBATCH --array=(\S+)$/m.exec(script)![1]).toBe(`0-${shards - 1}`);
    expect(script).toMatch(/^cd "\$SLURM_SUBMIT_DIR"$/m);
    expect(scriptCommands('sweep.slurm').map((l) => l.replaceAll('$SLURM_ARRAY_TASK_ID', '$INDEX'))).toEqual([sweep]);
    expect(scriptCommands('merge.slurm')).toEqual([merge]);
  });

  it.runIf(process.platform !== 'win32')('are shell scripts bash reads without error', () => {
    for (const name of ['sweep.slurm', 'merge.slurm']) expect(() => execFileSync('bash', ['-n', join(CLUSTER, name)])).not.toThrow();
  });
});
