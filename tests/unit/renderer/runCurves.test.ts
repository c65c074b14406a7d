/** Charts hear every announcement of the run's curves, though the curves stay one object grown in place. */

import { createPinia, setActivePinia } from 'pinia';
import { effectScope, nextTick } from 'vue';
import { describe, expect, it } from 'vitest';
import { REFERENCE_PRESET } from '@shared/rnn/config';
import { useRunCurves } from '@/charts/useRunCurves';
import { useModelStore } from '@/stores/model';

describe('the run curves a chart watches', () => {
  it('call back on each refresh of the same object, and on a new run', async () => {
    setActivePinia(createPinia());
    const model = useModelStore();
    model.begin({ config: { ...REFERENCE_PRESET, seed: 1 } });
    let calls = 0;
    const scope = effectScope();
    const { curves } = scope.run(() => {
      const c = useRunCurves();
      c.onCurves(() => calls++);
      return c;
    })!;
    const first = curves.value;
    model.receive({ type: 'progress', state: 'running', firstIteration: 0, losses: Float64Array.of(1, 2), iteration: 2, itersPerSecond: 1, elapsedSeconds: 0.1, gradNorms: { U: 1 }, learningRate: 0.1 });
    model.refreshCurves();
    await nextTick();
    expect(calls).toBe(1);
    expect(curves.value).toBe(first);
    expect(curves.value.iterations).toBe(2);
    model.refreshCurves();
    await nextTick();
    expect(calls).toBe(2);
    model.begin({ config: { ...REFERENCE_PRESET, seed: 2 } });
    await nextTick();
    expect(calls).toBe(3);
    expect(curves.value).not.toBe(first);
    scope.stop();
  });
});
