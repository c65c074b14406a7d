/** The run store tells a run just set up (Ready) from one paused after training, through the iteration it started from. */

import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { REFERENCE_PRESET } from '@shared/rnn/config';
import { shownState, stateLabel } from '@/format';
import { loadStudioApi } from '@/hosts/studioApi';
import { useModelStore } from '@/stores/model';
import { useRunStore } from '@/stores/run';
import { installFakeHost, until } from './fakeHost';

describe('a fresh run', () => {
  it('reads Ready until it moves; a step makes it Paused; a reset makes it Ready again', async () => {
    installFakeHost({ ...REFERENCE_PRESET, seed: 3, iterations: 400 });
    setActivePinia(createPinia());
    await loadStudioApi();
    const run = useRunStore();
    const model = useModelStore();
    await run.init();
    await until(() => run.state === 'paused' && model.weights !== null);
    const label = () => stateLabel(shownState(run.state, run.iteration, run.startedAt));
    expect(run.startedAt).toBe(0);
    expect(label()).toBe('Ready');

    await run.step(1);
    await until(() => run.iteration === 1 && run.state === 'paused');
    expect(label()).toBe('Paused');

    await run.reset();
    await until(() => run.iteration === 0 && run.state === 'paused' && model.iterations === 0);
    expect(label()).toBe('Ready');
  });
});
