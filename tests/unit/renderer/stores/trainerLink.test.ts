import { describe, expect, it } from 'vitest';
import { loadStudioApi } from '@/hosts/studioApi';
import { TrainerLink } from '@/stores/trainerLink';
import type { TrainerConnection } from '@shared/api/studioApi';
import { REFERENCE_PRESET, resolveConfig } from '@shared/rnn/config';
import { TrainingLoop } from '@shared/rnn/index';
import type { FromTrainer, ToTrainer } from '@shared/trainer/contract';
import { TrainerService } from '@shared/trainer/trainerService';
import { FakeClock, ManualScheduler } from '../../trainer/fakeTime';
import { installFakeHost } from './fakeHost';

/**
 * A real TrainerService whose messages in both directions wait until the test
 * delivers them, and whose turns run when the test says: a trainer on a
 * loaded machine, taking messages in batches and answering late.
 */
function stalledTrainer() {
  const toTrainer: ToTrainer[] = [];
  const toStudio: FromTrainer[] = [];
  const scheduler = new ManualScheduler();
  let handler: (message: FromTrainer) => void = () => {};
  let receive: (message: unknown) => void = () => {};
  new TrainerService({ post: (message) => void toStudio.push(message), onMessage: (h) => void (receive = h) }, { scheduler, now: new FakeClock().now });
  const connection: TrainerConnection = {
    post: (message) => void toTrainer.push(structuredClone(message)),
    onMessage(h) {
      handler = h;
      return () => {};
    },
    close: () => scheduler.close(),
  };
  return {
    connection,
    scheduler,
    /** The trainer takes every message posted so far. */
    takeMessages: () => toTrainer.splice(0).forEach((m) => receive(m)),
    /** The studio gets every message the trainer has sent so far. */
    answer: () => toStudio.splice(0).forEach((m) => handler(m)),
  };
}

async function linkTo(trainer: ReturnType<typeof stalledTrainer>) {
  const host = installFakeHost();
  host.api.connectTrainer = async () => trainer.connection;
  await loadStudioApi();
  const delivered: { message: FromTrainer; startAcknowledged: boolean }[] = [];
  const link = new TrainerLink((message, startAcknowledged) => delivered.push({ message, startAcknowledged }));
  return { link, delivered };
}

const config = (seed: number) => resolveConfig({ ...REFERENCE_PRESET, seed, iterations: 1000 });

describe('the trainer link', () => {
  it("lets none of a replaced run's messages through, even one that reads like the new start's acknowledgement", async () => {
    const trainer = stalledTrainer();
    const { link, delivered } = await linkTo(trainer);
    await link.start({ type: 'start', config: config(1), paused: true });
    trainer.takeMessages();
    trainer.answer();
    expect(delivered.map((d) => d.message.type)).toEqual(['state', 'snapshot']);
    delivered.length = 0;

    // Train, Step 3 and Reset in quick succession, while the trainer is slow to take them:
    // the old run answers the step with "paused at 0", as the new paused start will.
    link.post({ type: 'resume' });
    link.post({ type: 'step', n: 3 });
    trainer.takeMessages();
    await link.start({ type: 'start', config: config(2), paused: true });
    expect(link.starting).toBe(true);
    trainer.scheduler.runNext(); // the old run's step trains 3 iterations before the new start arrives
    trainer.takeMessages();
    trainer.answer();

    const initial = new TrainingLoop(config(2)).weights();
    expect(delivered).toEqual([
      { message: expect.objectContaining({ type: 'state', state: 'paused', iteration: 0 }), startAcknowledged: true },
      { message: { type: 'snapshot', iteration: 0, weights: initial }, startAcknowledged: false },
    ]);
    expect(link.starting).toBe(false);
  });

  it('waits for the newest of several starts, and delivers what follows it', async () => {
    const trainer = stalledTrainer();
    const { link, delivered } = await linkTo(trainer);
    await link.start({ type: 'start', config: config(1), paused: true });
    await link.start({ type: 'start', config: config(2), paused: true });
    trainer.takeMessages();
    trainer.answer();
    expect(delivered.map((d) => [d.message.type, d.startAcknowledged])).toEqual([
      ['state', true],
      ['snapshot', false],
    ]);
    expect(delivered[1]!.message).toEqual({ type: 'snapshot', iteration: 0, weights: new TrainingLoop(config(2)).weights() });

    link.post({ type: 'step', n: 2 });
    trainer.takeMessages();
    trainer.scheduler.drain();
    trainer.answer();
    expect(delivered.at(-1)!.message).toEqual(expect.objectContaining({ type: 'state', state: 'paused', iteration: 2 }));
  });

  it('stops waiting when the trainer refuses the start', async () => {
    const trainer = stalledTrainer();
    const { link, delivered } = await linkTo(trainer);
    await link.start({ type: 'start', config: { ...config(1), hiddenSize: 0 } });
    trainer.takeMessages();
    trainer.answer();
    expect(delivered).toEqual([{ message: expect.objectContaining({ type: 'error', code: 'bad-config' }), startAcknowledged: false }]);
    expect(link.starting).toBe(false);
  });
});
