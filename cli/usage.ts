/** The --help texts, built from the same tables the parsers use. */

import { CONFIG_FIELDS, REFERENCE_PRESET } from '../shared/rnn/config';
import { EXPORT_FORMATS } from '../shared/export/formats';

function defaultOf(key: (typeof CONFIG_FIELDS)[number]['key']): string {
  if (key === 'seed') return 'fresh random, always recorded';
  const value = REFERENCE_PRESET[key];
  return typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
}

const trainOptions = CONFIG_FIELDS.map((f) => `  --${f.flag.padEnd(11)} ${f.range} (default ${defaultOf(f.key)})`).join('\n');

const EXIT_CODES = `Exit codes: 0 done; 2 bad arguments or files (one line on stderr saying what is wrong); 3 training diverged (the last finite weights are saved); 130 interrupted by Ctrl-C and 143 by SIGTERM (what was trained is saved); 1 internal error.`;

const TEXTS = new Map<string, string>(Object.entries({
  main: `RNN Studio command line: train, evaluate and export recurrent networks (vanilla RNN, LSTM, GRU) that learn binary addition.

Usage: npm run cli -- <command> [arguments]

Commands:
  train --out MODEL [options]        train a model (the reference preset by default) and save it
  train --from MODEL --out MODEL     continue training a saved model
  sweep [--hidden 4,8 --lr 0.1,0.5 …] [--seeds 1-20]
                                     train every combination on all cores, one JSON line per run
  eval MODEL [--bits M]              accuracy over every input pair: { accuracy, bitAccuracy, meanLoss, pairs }
  predict MODEL A B [--bits M]       add A and B: { a, b, predicted, expected, correct, bits, outputs }
  inspect MODEL A B                  every intermediate of one training step on A and B: { a, b, steps, gradients, perStep }
  export MODEL --format F --out FILE write the weights as ${EXPORT_FORMATS.join(' | ')}
  bench [--runs N]                   training speed (each cell), evaluation time, time to 100%, sweep throughput

Run "<command> --help" for a command's options. Results go to stdout as one JSON line; progress and messages go to stderr.
Relative paths are taken from the folder the command was run in (under npm run, the folder npm was started in).
${EXIT_CODES}`,
  train: `Usage: npm run cli -- train [options] [--from MODEL] --out MODEL

Trains on random pairs, showing iteration, loss, iterations/s and ETA on stderr, then saves the model
(atomically) and prints one JSON line: { iterations, reachedAt, meanLoss (last 1000), accuracy, bitAccuracy, seconds,
itersPerSecond, seed }. With --until-accuracy A the run stops at the first multiple of --eval-every K at which
the exact accuracy over the evaluated pairs is at least A; reachedAt is that iteration (null if never).

Options (defaults reproduce the reference preset):
${trainOptions}
  --from        a saved model to continue: its weights, configuration and loss history carry on, and
                --iterations more iterations run. Only --lr, --iterations, --until-accuracy, --eval-every,
                --optimizer, --batch and --clip may change; the others are fixed by the weights.
  --out         where to save the model (required)

While it trains, --out holds a checkpoint at most about 2 s old (rewritten every second, atomically), and
Ctrl-C saves within about a second. Both come between samples, not only between iterations: one iteration
of the heaviest settings (--cell lstm --hidden 512 --bits 32 --batch 1024) takes 40-80 s on a 2-core
machine, one sample 40-80 ms. Evaluating such a model (10 000 pairs of 32 bits) takes about 2 minutes.

${EXIT_CODES}`,
  sweep: `Usage: npm run -s cli -- sweep [--hidden 4,8,16] [--lr 0.1,0.5] [any training option as a comma list]
       [--seeds 1-20 | --seeds 3,5,9] [--until-accuracy A] [--eval-every K] [--iterations N]
       [--workers W] [--out FILE.jsonl] [--models DIR] [--test-bits M] [--shard K/N | auto/N]
       npm run -s cli -- sweep merge A.jsonl B.jsonl … [--out ALL.jsonl]

Trains every combination of the listed values with every seed (the reference preset for the rest) on W
worker threads (default: the number of cores), and writes one JSON line per run as it finishes:
{ config (the whole configuration, seed included), iterations, reachedAt, accuracy, bitAccuracy, meanLoss
(last 1000), seconds, grid: { hash, run, runs } }, then { summary: { runs, reached, succeeded, seconds, workers, grid } }:
reached counts the runs that met the stop rule (none without --until-accuracy), succeeded those whose final
accuracy is at least its target (100% without a stop rule), as the studio's success rate does. Runs are handed out in a
fixed order (the options in --help train's order, the first outermost, seeds innermost) and each run's
result depends only on its configuration, so the lines are the same for any W; only their order varies.
Progress (runs done / total, ETA) goes to stderr.

  --seeds     a range 1-20, a list 3,5,9, or both (1-5,9); default one fresh seed
  --workers   trainers at once, 1 to 256
  --out       write the lines to this file instead of stdout
  --models    save every run's model file in this folder (run-0001-…-seed1.rnnmodel)
  --test-bits test every run's final weights on M-bit sums (2 to 64, as eval --bits M) and add
              accuracyAtBits: { bits, accuracy } to its line
  --shard     run only the K-th of N slices of the grid: runs K, K+N, K+2N, … (needs --seeds or --seed);
              auto/N takes K from JOB_COMPLETION_INDEX (Kubernetes Indexed Job, from 0) or
              SLURM_ARRAY_TASK_ID (Slurm job array, from SLURM_ARRAY_TASK_MIN)

sweep merge joins the shards' files into the file one machine would have written: each run's line once, in
the grid's order, then a summary over all. It refuses files of another grid (grid.hash) and runs whose lines
disagree; runs in none of the files are named on stderr, and it exits 2 after writing the others.

An interrupt (Ctrl-C) stops the sweep; the lines of finished runs stay written, then the summary, exit 130.
${EXIT_CODES}`,
  eval: `Usage: npm run cli -- eval MODEL [--bits M]

Evaluates the model on every input pair (a fixed seeded sample of 10 000 pairs beyond 65 536 pairs) and prints
{ accuracy, bitAccuracy, meanLoss, pairs }. --bits M (2 to 64) tests it on M-bit sums instead of the length it
was trained on (numbers up to 2^(M-1) - 1, summed exactly) and adds bits to the line.`,
  predict: `Usage: npm run cli -- predict MODEL A B [--bits M]

Adds A and B (whole numbers below 2^(bits-1)) and prints { a, b, predicted, expected, correct, bits, outputs }:
bits is the predicted sum MSB first, outputs the output activations MSB first. --bits M (2 to 64) runs the
model for M steps instead of its own bits; beyond 53 bits a, b, predicted and expected are decimal strings,
computed exactly.`,
  inspect: `Usage: npm run cli -- inspect MODEL A B

Runs the pair forward and backward as one training step does (the model's activation and biases) and prints
{ a, b, steps, gradients, perStep }, steps least significant first:
  steps[t]    t; x = [bit t of A, bit t of B]; preActivation = x_t·U + h_{t-1}·V (+ b_h) and h = h_t (H numbers each);
              y = the output o_t; target = bit t of A + B; outputDelta = d_o = (o_t - y_t)·o_t(1 - o_t);
              hiddenDelta = d_hraw = ∂L/∂h_t ⊙ f'(h_t) (H numbers); dLdhNorm = ‖∂L/∂h_t‖
  gradients   U, V, W (and b_h, b_o with biases) row-major: the gradient of Σ_t ½(o_t - y_t)² that training descends,
              with the training step's own arithmetic
  perStep[t]  t; dUNorm and dVNorm, the Frobenius norms of step t's terms x_tᵀ·d_hraw and h_{t-1}ᵀ·d_hraw of dU and dV
An LSTM's or GRU's steps[t] hold, instead of preActivation and hiddenDelta, gates: each gate by its letter
(i, o, f, c for the LSTM; z, r, h for the GRU) with its preActivation, value (σ, or tanh for c and h) and
delta = ∂L/∂pre (H numbers each), and the LSTM's cell state c with dLdcNorm = ‖∂L/∂c_t‖, or the GRU's
resetHidden = r_t ⊙ h_{t-1}; its perStep[t] adds gates: each gate's dUNorm and dVNorm, the norms of its
own terms (dUNorm and dVNorm over all the gates together).`,
  export: `Usage: npm run cli -- export MODEL --format ${EXPORT_FORMATS.join('|')} --out FILE [--dtype f64|f32]

Writes the weights in the format (to a temporary file beside FILE, then renamed: nothing partial is left on
failure) and prints { format, out, bytes }. --dtype chooses safetensors' number type (f64 by default).`,
  bench: `Usage: npm run cli -- bench [--runs N]

Prints seven JSON lines:
  train (reference)   iterations/s of train's own path (the trainer service), median of N runs of 200 000
                      iterations; beside it the bare TrainingLoop in chunks of 10 000 (coreItersPerSecond) and the
                      first default run of the process (firstRunItersPerSecond, what a fresh "train" gets)
  train (lstm, gru)   iterations/s of an LSTM and a GRU of the reference's size, and ofReference, their speed
                      as a fraction of the vanilla cell's measured alike (median of N runs of 1 s after a warm-up)
  train (bits 32 / hidden 128)   iterations/s, median of N timed runs of 1.5 s after a warm-up
  evaluate            milliseconds to evaluate all 16 384 8-bit pairs with trained weights (median of 3N)
  until-accuracy      milliseconds to 100% on the reference preset (--until-accuracy 1 --eval-every 100),
                      median over seeds 1-10 after a warm-up, training and checks only
  sweep               runs/s of a sweep of the reference preset until 100%, seeds 1-100, with 1 and 2 workers
Takes about a minute with the default N = 5 (1 to 50).`,
}));

/** The help for a command, or the general help for any other name. */
export function usageText(command: string): string {
  return TEXTS.get(command) ?? TEXTS.get('main')!;
}
