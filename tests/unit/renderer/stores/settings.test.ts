import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { REFERENCE_PRESET } from '@shared/rnn/config';
import { loadStudioApi } from '@/hosts/studioApi';
import { useSettingsStore } from '@/stores/settings';
import { installFakeHost } from './fakeHost';

afterEach(() => {
  vi.useRealTimers();
});

/** Runs the debounced save, if the store set one. */
async function runSaveTimer(): Promise<void> {
  await nextTick();
  vi.runAllTimers();
}

async function setUp(remembered: Record<string, unknown> | null) {
  const host = installFakeHost(remembered as never);
  setActivePinia(createPinia());
  await loadStudioApi();
  const settings = useSettingsStore();
  await settings.restore();
  return { host, settings };
}

describe('the settings store', () => {
  it('brings back the remembered settings and remembers each valid change', async () => {
    const { host, settings } = await setUp({ hiddenSize: 24, learningRate: 0.3, seed: 77 });
    expect(settings.config).toMatchObject({ hiddenSize: 24, learningRate: 0.3, seed: 77, bits: 8 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    settings.set('bits', '6');
    await runSaveTimer();
    expect(host.savedSettings).toHaveLength(1);
    expect(host.savedSettings[0]).toMatchObject({ bits: 6, hiddenSize: 24 });
  });

  it('does not remember an invalid state', async () => {
    const { host, settings } = await setUp(null);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    settings.set('iterations', '');
    await runSaveTimer();
    expect(host.savedSettings).toEqual([]);
    expect(settings.errors.iterations).toBe('Train to iteration must be an integer from 1 to 1000000000; got nothing');
  });

  it('names the field, its range and the bad value for every kind of bad number', async () => {
    const { settings } = await setUp(null);
    const cases: [string, string, string][] = [
      ['hiddenSize', '0', 'Hidden size must be an integer from 1 to 512; got 0'],
      ['hiddenSize', '100000', 'Hidden size must be an integer from 1 to 512; got 100000'],
      ['hiddenSize', '2.5', 'Hidden size must be an integer from 1 to 512; got 2.5'],
      ['learningRate', '-1', 'Learning rate must be a number above 0 and at most 100; got -1'],
      ['learningRate', '0', 'Learning rate must be a number above 0 and at most 100; got 0'],
      ['clip', 'none', 'Gradient clipping must be a number from 0 (off) to 1000000; got "none"'],
    ];
    for (const [key, text, message] of cases) {
      settings.set(key as never, text);
      expect(settings.errors[key as keyof typeof settings.errors]).toBe(message);
      expect(settings.config).toBeNull();
      settings.applyReferencePreset();
      expect(settings.valid).toBe(true);
    }
  });

  it('restores the reference preset but keeps the seed; New seed draws another', async () => {
    const { settings } = await setUp({ hiddenSize: 3, optimizer: 'adam', seed: 1234 });
    settings.applyReferencePreset();
    expect(settings.config).toEqual({ ...REFERENCE_PRESET, seed: 1234 });
    settings.newSeed();
    expect(settings.config!.seed).not.toBe(1234);
    expect(Number.isInteger(settings.config!.seed)).toBe(true);
  });

  it('keeps the learning rate usable while another field is invalid', async () => {
    const { settings } = await setUp(null);
    settings.set('hiddenSize', 'abc');
    settings.set('learningRate', '0.7');
    expect(settings.learningRate).toBe(0.7);
    settings.set('learningRate', '-3');
    expect(settings.learningRate).toBeNull();
  });
});
