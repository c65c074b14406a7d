import { afterEach, expect, it } from 'vitest';
import { config, connectOnClock, disposeAll } from './harness';

afterEach(disposeAll);

/** The iterations of every accuracy point the progress messages carried, in order. */
function curvePoints(progress: { accuracy?: { iteration: number }; earlierAccuracy?: { iteration: number }[] }[]): number[] {
  // Points measured between two progress messages arrive together, the latest as `accuracy`.
  return progress.flatMap((m) => [...(m.earlierAccuracy ?? []), ...(m.accuracy ? [m.accuracy] : [])].map((a) => a.iteration));
}

it('a reference run over in a fifth of a second still reports an accuracy curve, not only its final point', async () => {
  // 0.01 ms an iteration: the run takes 200 ms of the clock and an evaluation is guessed at 16 ms, cheap enough for a curve.
  const trainer = connectOnClock({ evaluationShare: 0.04 });
  trainer.send({ type: 'start', config: config({ seed: 2 }) });
  await trainer.waitFor('finished');
  const points = curvePoints(trainer.of('progress'));
  // About one point per 1/25 of the run (800 iterations), the first after the first slice, and the final one.
  expect(points.length).toBeGreaterThanOrEqual(20);
  expect(points.length).toBeLessThanOrEqual(27);
  expect(points[0]).toBeLessThan(5_000);
  expect(points.every((iteration, i) => i === 0 || iteration > points[i - 1]!)).toBe(true);
  for (let i = 1; i < points.length - 1; i++) expect(points[i]! - points[i - 1]!).toBeGreaterThanOrEqual(800);
  expect(points.at(-1)).toBe(20_000);
});

it('draws no curve where one evaluation would cost more than the curve allows', async () => {
  // 0.1 ms an iteration: an evaluation is guessed at 159 ms, over the curve's 150 ms, so only the time budget counts.
  const trainer = connectOnClock({ evaluationShare: 0.04, msPerIteration: 0.1 });
  trainer.send({ type: 'start', config: config({ seed: 2 }) });
  await trainer.waitFor('finished');
  expect(curvePoints(trainer.of('progress'))).toEqual([20_000]);
});
