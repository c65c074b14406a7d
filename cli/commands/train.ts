/** `train`: trains a model headless (fresh or continued with --from) and saves it atomically. */

import { ConfigError, FIXED_BY_WEIGHTS, resolveConfig, type TrainConfig } from '../../shared/rnn/config';
import { evaluate } from '../../shared/rnn/index';
import { MAX_TRAINING_ITERATIONS, type Model } from '../../shared/model-file/model';
import { UsageError, expectPositionals, parseArgs, requireOption, type OptionSpec } from '../args';
import { CONFIG_OPTION_SPECS, configFromFlags } from '../configFlags';
import { checkWritable, readModel } from '../files';
import { HeadlessRun, type HeadlessStart } from '../headlessRun';
import { Checkpoints } from '../checkpoints';
import { Interrupts } from '../interrupts';
import { trainerStateOf } from '../../shared/model-file/stateSection';
import { ProgressLine } from '../progressLine';
import { EXIT_DIVERGED, EXIT_INTERRUPTED, EXIT_OK, type CommandIO } from '../io';

const FROM: OptionSpec = { name: 'from', valueHint: 'a model file to continue training' };
const OUT: OptionSpec = { name: 'out', valueHint: 'the model file to write' };
export const TRAIN_OPTIONS: readonly OptionSpec[] = [...CONFIG_OPTION_SPECS, FROM, OUT];

export async function trainCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const parsed = parseArgs('train', argv, TRAIN_OPTIONS);
  if (parsed.help) return io.help('train');
  expectPositionals('train', parsed.positionals, []);
  const flags = configFromFlags(parsed);
  const out = requireOption(parsed, 'train', OUT);
  const fromPath = parsed.options.get(FROM.name);
  const from = fromPath === undefined ? null : await readModel(fromPath);
  const config = from ? continuedConfig(from, flags) : freshConfig(flags);
  await checkWritable(out);

  const progress = new ProgressLine(io.stderr);
  const run = new HeadlessRun(from ? continuedStart(from, config, fromPath!, io) : { config }, (p) => progress.update(p));
  const checkpoints = new Checkpoints(out, config, () => run.checkpoint(), (line) => io.stderr.write(`${line}\n`));
  checkpoints.start();
  // Held until the process exits: a second signal must not cut the save below short.
  const interrupts = new Interrupts(() => run.stop(), io.stderr);
  let result;
  try {
    result = await run.run();
  } catch (error) {
    await checkpoints.stop();
    throw error;
  }
  // A late checkpoint must not overwrite the final model.
  await checkpoints.settle();
  progress.done({ iteration: result.iteration, target: (from?.training.iterations ?? 0) + config.iterations, loss: result.lastLoss, itersPerSecond: result.iterationsThisRun / Math.max(result.runSeconds, 1e-9) });

  // The trainer skips evaluation on a stop when it would be slow (a 32-bit, 512-unit model takes about 30 s), and an
  // interrupted run is saved at once, unevaluated; a diverged run has no evaluation of its kept weights.
  const interrupted = result.outcome === 'stopped';
  let accuracy = result.accuracy?.iteration === result.iteration ? result.accuracy : null;
  if (!accuracy && !interrupted) {
    const e = evaluate(result.weights, config);
    accuracy = { iteration: result.iteration, exact: e.exact, bit: e.bit, pairs: e.pairs };
  }
  const model: Model = { ...result.model, training: { ...result.model.training, accuracy: accuracy?.exact ?? null, bitAccuracy: accuracy?.bit ?? null } };
  // Through the checkpoints' writer: what has not changed since the last checkpoint is not formatted again.
  await checkpoints.finish(model);

  io.stdout.write(
    `${JSON.stringify({
      iterations: result.iteration,
      reachedAt: result.reachedAt,
      meanLoss: result.meanLoss,
      accuracy: accuracy?.exact ?? null,
      bitAccuracy: accuracy?.bit ?? null,
      seconds: round(result.runSeconds, 3),
      itersPerSecond: Math.round(result.iterationsThisRun / Math.max(result.runSeconds, 1e-9)),
      seed: config.seed,
    })}\n`,
  );
  if (result.outcome === 'diverged') {
    io.stderr.write(`${result.divergence?.message ?? 'Training diverged.'} Saved the last finite weights (iteration ${result.iteration}) to ${out}.\n`);
    return EXIT_DIVERGED;
  }
  if (interrupted) {
    const unevaluated = accuracy ? '' : ` It was not evaluated, so as to stop at once; "eval ${out}" measures its accuracy.`;
    const partial = model.state?.partialIteration;
    const underWay = partial ? `, ${partial.samples} of the ${partial.batchSize} samples of the next one done` : '';
    io.stderr.write(`Interrupted at iteration ${result.iteration}${underWay}; saved the model to ${out}.${unevaluated}\n`);
    return interrupts.exitCode ?? EXIT_INTERRUPTED;
  }
  return EXIT_OK;
}

/** Where a continued run starts: exactly from the file's state, or (a file without one) from its weights alone, with a note. */
function continuedStart(from: Model, config: TrainConfig, path: string, io: CommandIO): HeadlessStart {
  const t = from.training;
  const past = { config, history: from.lossHistory, elapsedSeconds: t.elapsedSeconds, lastLoss: t.lastLoss };
  const state = trainerStateOf(from);
  if (state) return { ...past, state };
  io.stderr.write(`Note: ${path} holds no optimiser or generator state (a version 1 file, or saved without it); continuing from its weights alone, so the result can differ from one uninterrupted run.\n`);
  return { ...past, weights: from.weights, iterationsDone: t.iterations };
}

function freshConfig(flags: Partial<TrainConfig>): TrainConfig {
  try {
    return resolveConfig(flags);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** A saved model's configuration with the options that do not need new weights changed; `iterations` is how many more to run. */
function continuedConfig(from: Model, flags: Partial<TrainConfig>): TrainConfig {
  for (const field of FIXED_BY_WEIGHTS) {
    if (flags[field.key] !== undefined && flags[field.key] !== from.config[field.key]) {
      const free = CONFIG_OPTION_SPECS.filter((s) => !FIXED_BY_WEIGHTS.some((f) => f.flag === s.name)).map((s) => `--${s.name}`);
      throw new UsageError(`--${field.flag} cannot change when continuing with --from (the saved weights fix it at ${String(from.config[field.key])}); with --from you may set ${free.join(', ')}`);
    }
  }
  const config = freshConfig({ ...from.config, ...flags });
  const room = MAX_TRAINING_ITERATIONS - from.training.iterations;
  if (config.iterations > room) {
    throw new UsageError(`--iterations ${config.iterations} would take the model past ${MAX_TRAINING_ITERATIONS} iterations, the most a model file holds; it has done ${from.training.iterations}, so at most ${room} more can run`);
  }
  return config;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
