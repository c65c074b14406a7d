/** Checks an incoming message against the contract before the trainer acts on it. */

import { CONFIG_FIELDS, ConfigError, checkField, resolveConfig, type TrainConfig } from '../rnn/config';
import { validateWeights } from '../rnn/weights';
import { describeValue as describe, isRecord } from '../describeValue';
import type { ToTrainer } from './contract';
import { checkStateValue } from './validateState';
import { checkPace } from './pace';
import { MAX_TRAINING_ITERATIONS } from '../model-file/model';

/** The most iterations one step message may ask for. */
export const MAX_STEP = 1_000_000;

export const MESSAGE_TYPES: readonly ToTrainer['type'][] = ['start', 'pause', 'resume', 'step', 'stop', 'setLearningRate', 'setPace', 'snapshot', 'checkpoint'];
/** The widest spacing and the most snapshots a start's snapshot plan may ask for. */
export const MAX_SNAPSHOT_STRIDE = 2 ** 53;
export const MAX_SNAPSHOT_LIMIT = 10_000;

export type CheckedMessage = { ok: true; message: ToTrainer } | { ok: false; code: 'bad-message' | 'bad-config'; problem: string };

type Raw = Record<string, unknown>;

function bad(problem: string): CheckedMessage {
  return { ok: false, code: 'bad-message', problem };
}

function badConfig(problem: string): CheckedMessage {
  return { ok: false, code: 'bad-config', problem };
}


/** Validates one incoming message; never throws. */
export function checkMessage(value: unknown): CheckedMessage {
  if (!isRecord(value)) return bad(`a message must be an object with a "type"; got ${describe(value)}`);
  const type = value.type;
  switch (type) {
    case 'pause':
    case 'resume':
    case 'stop':
    case 'snapshot':
    case 'checkpoint':
      return { ok: true, message: { type } };
    case 'step': {
      const n = value.n;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_STEP) {
        return bad(`step.n must be a whole number from 1 to ${MAX_STEP}; got ${n === undefined ? 'nothing' : describe(n)}`);
      }
      return { ok: true, message: { type, n } };
    }
    case 'setLearningRate': {
      const problem = checkField('learningRate', value.learningRate);
      return problem ? badConfig(problem) : { ok: true, message: { type, learningRate: value.learningRate as number } };
    }
    case 'setPace': {
      const problem = checkPace(value.pace);
      return problem ? bad(`setPace: ${problem}; got ${describe(value.pace)}`) : { ok: true, message: { type, pace: value.pace as number | null } };
    }
    case 'start':
      return checkStart(value);
    default:
      return bad(`unknown message type ${type === undefined ? '(none)' : describe(type)}; the types are ${MESSAGE_TYPES.join(', ')}`);
  }
}

function checkStart(value: Raw): CheckedMessage {
  if (!isRecord(value.config)) return bad(`start.config must be an object holding every option; got ${value.config === undefined ? 'nothing' : describe(value.config)}`);
  const raw = value.config;
  // Every option must be given: a trainer that filled in its own seed could not be repeated.
  const missing = CONFIG_FIELDS.filter((f) => raw[f.key] === undefined).map((f) => f.key);
  if (missing.length > 0) return badConfig(`start.config is missing ${missing.join(', ')}`);
  let config: TrainConfig;
  try {
    config = resolveConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return badConfig(error.message);
    throw error;
  }
  const message: Extract<ToTrainer, { type: 'start' }> = { type: 'start', config };
  if (value.weights !== undefined) {
    const checked = validateWeights(value.weights, config, 'start.weights');
    if (!checked.ok) return bad(checked.problem);
    message.weights = checked.weights;
  }
  if (value.iterationsDone !== undefined) {
    const done = value.iterationsDone;
    if (typeof done !== 'number' || !Number.isInteger(done) || done < 0 || done > Number.MAX_SAFE_INTEGER) {
      return bad(`start.iterationsDone must be a whole number of at least 0; got ${describe(done)}`);
    }
    if (message.weights === undefined && done > 0) return bad('start.iterationsDone needs start.weights (the weights those iterations trained)');
    message.iterationsDone = done;
  }
  if (value.runId !== undefined) {
    const id = value.runId;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > Number.MAX_SAFE_INTEGER) {
      return bad(`start.runId must be a whole number of at least 0; got ${describe(id)}`);
    }
    message.runId = id;
  }
  if (value.state !== undefined) {
    const raw = value.state;
    if (!isRecord(raw)) return bad(`start.state must be an object (a checkpoint's state); got ${describe(raw)}`);
    if (message.weights !== undefined || message.iterationsDone !== undefined) {
      return bad('start.state holds the weights and the iteration; send it without start.weights and start.iterationsDone');
    }
    const weights = validateWeights(raw.weights, config, 'start.state.weights');
    if (!weights.ok) return bad(weights.problem);
    const state = checkStateValue(raw, config, weights.weights);
    if (typeof state === 'string') return bad(state);
    message.state = state;
  }
  // A run past the most iterations a model file holds could not be saved readably.
  const done = message.state?.iteration ?? message.iterationsDone ?? 0;
  if (done + config.iterations > MAX_TRAINING_ITERATIONS) {
    return badConfig(`${config.iterations} more iterations would take the model past ${MAX_TRAINING_ITERATIONS}, the most a model file holds; it has done ${done}, so at most ${MAX_TRAINING_ITERATIONS - done} more can run`);
  }
  if (value.accuracyCurve !== undefined) {
    if (typeof value.accuracyCurve !== 'boolean') return bad(`start.accuracyCurve must be true or false; got ${describe(value.accuracyCurve)}`);
    message.accuracyCurve = value.accuracyCurve;
  }
  if (value.paused !== undefined) {
    if (typeof value.paused !== 'boolean') return bad(`start.paused must be true or false; got ${describe(value.paused)}`);
    message.paused = value.paused;
  }
  if (value.snapshots !== undefined) {
    const plan = value.snapshots;
    const done = message.state?.iteration ?? message.iterationsDone ?? 0;
    const whole = (v: unknown, low: number, high: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= low && v <= high;
    if (!isRecord(plan) || !whole(plan.first, 0, done) || !whole(plan.stride, 1, MAX_SNAPSHOT_STRIDE) || !whole(plan.limit, 3, MAX_SNAPSHOT_LIMIT)) {
      return bad(
        `start.snapshots must be { first, stride, limit }: the first snapshot's iteration (from 0 to the ${done} iterations done), ` +
          `its spacing so far (1 to ${MAX_SNAPSHOT_STRIDE}) and the most it keeps (3 to ${MAX_SNAPSHOT_LIMIT}); got ${describe(plan)}`,
      );
    }
    message.snapshots = { first: plan.first as number, stride: plan.stride as number, limit: plan.limit as number };
  }
  if (value.pace !== undefined) {
    const problem = checkPace(value.pace);
    if (problem) return bad(`start.pace: ${problem}; got ${describe(value.pace)}`);
    message.pace = value.pace as number | null;
  }
  if (value.queued !== undefined) {
    if (typeof value.queued !== 'boolean') return bad(`start.queued must be true or false; got ${describe(value.queued)}`);
    message.queued = value.queued;
  }
  return { ok: true, message };
}
