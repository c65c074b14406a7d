/**
 * The pool over in-process trainer services: the same per-run results for any
 * number of workers, runs handed out in the grid's order, cancel keeping what finished.
 */

import { afterEach, describe, expect, it } from 'vitest';
import type { FromTrainer, Port, ToTrainer } from '@shared/trainer/contract';
import { TrainerService } from '@shared/trainer/trainerService';
import { immediateScheduler } from '@shared/trainer/scheduler';
import { expandGrid } from '@shared/sweep/grid';
import { SweepPool } from '@shared/sweep/pool';
import { sweepLine, type SweepRun, type TrainerConnection } from '@shared/sweep/runResult';
import { TrainingLoop, evaluate } from '@shared/rnn';

const services: TrainerService[] = [];
afterEach(() => services.splice(0).forEach((s) => s.dispose()));

/** A trainer service in this process behind a connection, as a worker would hold one; messages cross a macrotask as they would cross threads. */
function inProcess(started: ToTrainer[] = []): TrainerConnection {
  let toService: (message: unknown) => void = () => {};
  let toPool: (message: FromTrainer) => void = () => {};
  const port: Port = {
    post: (message) => void setImmediate(() => toPool(message)),
    onMessage: (handler) => void (toService = handler),
  };
  const service = new TrainerService(port, { scheduler: immediateScheduler(), periodicEvaluation: false });
  services.push(service);
  return {
    post(message) {
      started.push(message);
      setImmediate(() => toService(message));
    },
    onMessage(handler) {
      toPool = handler;
      return () => (toPool = () => {});
    },
    close: () => service.dispose(),
  };
}

const grid = () => expandGrid({ iterations: 3000, untilAccuracy: 0.3, evalEvery: 100 }, [{ key: 'hiddenSize', values: [4, 8] }, { key: 'learningRate', values: [0.1, 0.5] }], [1, 2]);

/** A run's record without its timing, the one thing that may differ between pools. */
const record = (run: SweepRun) => ({ ...sweepLine(run), seconds: undefined, weights: run.model.weights, history: run.model.lossHistory, outcome: run.outcome });

async function sweep(workers: number) {
  const order: number[] = [];
  const sent: ToTrainer[] = [];
  const outcome = await new SweepPool({ configs: grid(), workers, connect: () => inProcess(sent), onRun: (index) => order.push(index) }).run();
  return { outcome, order, sent };
}

describe('sweep pool', () => {
  it('gives every run the same record with 1, 2 or 3 workers', async () => {
    const one = await sweep(1);
    const two = await sweep(2);
    const three = await sweep(3);
    expect(one.outcome.completed).toBe(8);
    expect(one.order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(two.outcome.workers).toBe(2);
    expect(three.outcome.workers).toBe(3);
    expect(two.order.slice().sort()).toEqual(one.order);
    for (let i = 0; i < 8; i++) {
      expect(record(two.outcome.runs[i]!)).toEqual(record(one.outcome.runs[i]!));
      expect(record(three.outcome.runs[i]!)).toEqual(record(one.outcome.runs[i]!));
    }
    // Handed out in the grid's order whatever the number of workers.
    for (const { sent } of [one, two, three]) {
      expect(sent.map((m) => (m.type === 'start' ? [m.config.hiddenSize, m.config.learningRate, m.config.seed] : null))).toEqual(grid().map((c) => [c.hiddenSize, c.learningRate, c.seed]));
    }
  });

  it("keeps each worker's next run queued behind the one it trains while runs remain for every worker", async () => {
    const queued = (sent: ToTrainer[]) => sent.map((m) => m.type === 'start' && m.queued === true);
    expect(queued((await sweep(1)).sent)).toEqual([false, true, true, true, true, true, true, true]);
    const two = queued((await sweep(2)).sent);
    // Each worker's first run starts at once; at the end, with fewer runs left than workers, none is queued.
    expect(two.slice(0, 4).filter((q) => !q).length).toBe(2);
    expect(two.at(-1)).toBe(false);
    expect(two.filter((q) => q).length).toBeGreaterThanOrEqual(4);
  });

  it('gives the same lines without the loss curves, which only the model files and the runs table need', async () => {
    const withCurves = await sweep(2);
    const without = await new SweepPool({ configs: grid(), workers: 2, connect: () => inProcess(), curves: false }).run();
    for (let i = 0; i < 8; i++) {
      const a = withCurves.outcome.runs[i]!, b = without.runs[i]!;
      expect({ ...sweepLine(b), seconds: 0 }).toEqual({ ...sweepLine(a), seconds: 0 });
      expect(b.model.weights).toEqual(a.model.weights);
      expect(a.model.lossHistory.values.length).toBeGreaterThan(0);
      expect(b.model.lossHistory.values.length).toBe(0);
      // Neither follows the per-iteration loss series a live chart draws.
      expect(a.recorder.curves.lossCount).toBe(0);
      expect(b.recorder.curves.lossCount).toBe(0);
    }
  });

  it('reports each run as the same configuration trained on its own would be', async () => {
    const { outcome } = await sweep(2);
    const run = outcome.runs[5]!;
    expect(run.config).toMatchObject({ hiddenSize: 8, learningRate: 0.1, seed: 2 });
    const trainer = new TrainingLoop(run.config);
    const losses = new Float64Array(run.iterations);
    trainer.train(run.iterations, losses);
    expect(trainer.weights()).toEqual(run.model.weights);
    const e = evaluate(run.model.weights, run.config);
    expect([run.accuracy, run.bitAccuracy]).toEqual([e.exact, e.bit]);
    expect(run.reachedAt === null ? run.iterations : run.reachedAt).toBe(run.iterations);
    expect(run.meanLoss).toBeCloseTo(losses.subarray(Math.max(0, run.iterations - 1000)).reduce((s, x) => s + x, 0) / Math.min(1000, run.iterations), 12);
  });

  it('keeps the finished runs and drops the rest on cancel', async () => {
    let pool: SweepPool;
    const seen: number[] = [];
    pool = new SweepPool({
      configs: grid(),
      workers: 2,
      connect: () => inProcess(),
      onRun: (index) => {
        seen.push(index);
        if (seen.length === 3) pool.cancel();
      },
    });
    const outcome = await pool.run();
    expect(outcome.cancelled).toBe(true);
    expect(outcome.completed).toBe(3);
    expect(seen.length).toBe(3);
    expect(outcome.runs.filter((r) => r !== undefined).length).toBe(3);
  });

  it('fails the sweep with the run named when a trainer refuses it', async () => {
    const bad = { ...grid()[0]!, hiddenSize: 0 };
    await expect(new SweepPool({ configs: [bad], workers: 1, connect: () => inProcess() }).run()).rejects.toThrow(/^run 1 \(seed 1\): .*Hidden size must be an integer from 1 to 512/);
    // Refused as it arrives queued behind a run under way: still the refused run is named, not the one training.
    const later = [...grid().slice(0, 2), { ...grid()[2]!, hiddenSize: 0 }];
    await expect(new SweepPool({ configs: later, workers: 1, connect: () => inProcess() }).run()).rejects.toThrow(/^run 3 \(seed 1\): .*Hidden size must be an integer from 1 to 512/);
  });
});
