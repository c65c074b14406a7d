/** `bench`: the training speed a user's run gets (and the LSTM's and GRU's beside it), the evaluation's time, time to 100% and a sweep's throughput. */

import { REFERENCE_PRESET, resolveConfig, type TrainConfig } from '../../shared/rnn/config';
import { TrainingLoop, evaluate } from '../../shared/rnn/index';
import { UsageError, expectPositionals, parseArgs, type OptionSpec } from '../args';
import { EXIT_OK, type CommandIO } from '../io';
import { median } from '../../shared/run/groups';
import { sweepThroughput, timeToAccuracy, trainPathSpeed } from './benchRuns';

const RUNS: OptionSpec = { name: 'runs', valueHint: 'timed runs per figure, a whole number from 1 to 50 (default 5)' };
const DEFAULT_RUNS = 5;
/** Evaluation is quick, so it gets three times the runs. */
const EVALUATION_RUNS_PER_RUN = 3;
/**
 * A sweep's rounds vary most (each a fresh process on both cores, open to
 * whatever else the machine does), so the sweep gets nearly twice the rounds:
 * 2·runs − 1, an odd number, for a median that is one round's.
 */
const sweepRounds = (runs: number): number => 2 * runs - 1;

export async function benchCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const parsed = parseArgs('bench', argv, [RUNS]);
  if (parsed.help) return io.help('bench');
  expectPositionals('bench', parsed.positionals, []);
  const runsText = parsed.options.get(RUNS.name);
  const runs = runsText === undefined ? DEFAULT_RUNS : /^\d+$/.test(runsText) ? Number(runsText) : Number.NaN;
  if (!(runs >= 1 && runs <= 50)) throw new UsageError(`--runs must be ${RUNS.valueHint}; got ${JSON.stringify(runsText)}`);
  const evaluationRuns = runs * EVALUATION_RUNS_PER_RUN;
  const line = (value: object): void => void io.stdout.write(`${JSON.stringify(value)}\n`);

  // What `train` gets: its own path (the trainer service), beside the bare TrainingLoop and a fresh process's first default run.
  line({ bench: 'train', preset: 'reference', bits: 8, hiddenSize: 16, ...(await trainPathSpeed(runs)), runs });
  await yieldToEvents();

  // The gated cells at the reference's size, with their speed as a fraction of the vanilla cell's, each measured alike.
  const reference = resolveConfig({ ...REFERENCE_PRESET, iterations: 1e9, seed: 1 });
  const referenceSpeed = trainingSpeed(new TrainingLoop(reference), 1000, 1000, runs);
  for (const cell of ['lstm', 'gru'] as const) {
    const speed = trainingSpeed(new TrainingLoop(resolveConfig({ ...reference, cell })), 250, 1000, runs);
    line({ bench: 'train', preset: cell, cell, bits: 8, hiddenSize: 16, itersPerSecond: Math.round(speed), ofReference: Math.round((speed / referenceSpeed) * 1000) / 1000, runs });
    await yieldToEvents();
  }

  const large = resolveConfig({ ...REFERENCE_PRESET, bits: 32, hiddenSize: 128, iterations: 1e9, seed: 1 });
  line({ bench: 'train', preset: 'bits32-hidden128', bits: 32, hiddenSize: 128, itersPerSecond: Math.round(trainingSpeed(new TrainingLoop(large), 10, 1500, runs)), runs });
  await yieldToEvents();

  const referenceTrainer = new TrainingLoop(reference);
  referenceTrainer.train(20_000, new Float64Array(20_000));
  const ms = evaluationTime(referenceTrainer, reference, evaluationRuns);
  line({ bench: 'evaluate', bits: 8, hiddenSize: 16, pairs: evaluate(referenceTrainer.weights(), reference).pairs, ms: Math.round(ms * 1000) / 1000, runs: evaluationRuns });
  await yieldToEvents();

  line({ bench: 'until-accuracy', preset: 'reference', untilAccuracy: 1, evalEvery: 100, seeds: '1-10', ...(await timeToAccuracy()), targetMs: 25 });
  // Alternated, so a burst of outside load falls on both; the medians are reported.
  const ones: number[] = [];
  const twos: number[] = [];
  const rounds = sweepRounds(runs);
  for (let i = 0; i < rounds; i++) {
    ones.push((await sweepThroughput(1)).runsPerSecond);
    twos.push((await sweepThroughput(2)).runsPerSecond);
  }
  const one = median(ones);
  const two = median(twos);
  line({
    bench: 'sweep', preset: 'reference', untilAccuracy: 1, evalEvery: 100, seeds: '1-100', rounds,
    oneWorkerRunsPerSecond: one, twoWorkersRunsPerSecond: two, speedup: Math.round((two / one) * 100) / 100, targetSpeedup: 1.7,
  });
  return EXIT_OK;
}

/** Iterations per second: a warm-up run, then the median of `runs` timed runs of about runMs each. */
function trainingSpeed(trainer: TrainingLoop, chunk: number, runMs: number, runs: number): number {
  const losses = new Float64Array(chunk);
  const timed = (ms: number): number => {
    const start = performance.now();
    let iterations = 0;
    let elapsed = 0;
    do {
      iterations += trainer.train(chunk, losses);
      elapsed = performance.now() - start;
    } while (elapsed < ms);
    return (iterations / elapsed) * 1000;
  };
  timed(runMs / 2);
  return median(Array.from({ length: runs }, () => timed(runMs)));
}

/** Milliseconds to evaluate every 8-bit pair with trained weights, median after a warm-up. */
function evaluationTime(trainer: TrainingLoop, config: TrainConfig, runs: number): number {
  const weights = trainer.weights();
  for (let i = 0; i < 3; i++) evaluate(weights, config);
  return median(
    Array.from({ length: runs }, () => {
      const start = performance.now();
      evaluate(weights, config);
      return performance.now() - start;
    }),
  );
}

function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
