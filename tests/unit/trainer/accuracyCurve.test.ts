import { afterEach, expect, it } from 'vitest';
import { config, connect, disposeAll } from './harness';

afterEach(disposeAll);

it('a reference run over in a second still reports an accuracy curve, not only its final point', async () => {
  const trainer = connect({ evaluationShare: 0.04 });
  trainer.send({ type: 'start', config: config({ seed: 2 }) });
  await trainer.waitFor('finished');
  const points = trainer.of('progress').flatMap((m) => (m.accuracy ? [m.accuracy.iteration] : []));
  expect(points.length).toBeGreaterThanOrEqual(10);
  expect(points[0]).toBeLessThan(5_000);
  expect(points.every((iteration, i) => i === 0 || iteration > points[i - 1]!)).toBe(true);
});
