import { afterEach, expect, it } from 'vitest';
import { config, connect, disposeAll } from './harness';

afterEach(disposeAll);

it('a reference run over in a second still reports an accuracy curve, not only its final point', async () => {
  const trainer = connect({ evaluationShare: 0.04 });
  trainer.send({ type: 'start', config: config({ seed: 2 }) });
  await trainer.waitFor('finished');
  // Points measured between two progress messages arrive together, the latest as `accuracy`.
  const points = trainer.of('progress').flatMap((m) => [...(m.earlierAccuracy ?? []), ...(m.accuracy ? [m.accuracy] : [])].map((a) => a.iteration));
  expect(points.length).toBeGreaterThanOrEqual(10);
  expect(points[0]).toBeLessThan(5_000);
  expect(points.every((iteration, i) => i === 0 || iteration > points[i - 1]!)).toBe(true);
});
