import { describe, expect, it } from 'vitest';
import { shownState, stateLabel } from '@/format';

describe('the run state the status bar shows', () => {
  it('a run set up paused and not yet moved is Ready: fresh (0), or opened from a file (2500)', () => {
    expect(stateLabel(shownState('paused', 0, 0))).toBe('Ready');
    expect(stateLabel(shownState('paused', 2500, 2500))).toBe('Ready');
    expect(stateLabel(shownState('idle', 0, 0))).toBe('Ready');
  });

  it('a run paused after training, or after a single step, is Paused', () => {
    expect(stateLabel(shownState('paused', 1, 0))).toBe('Paused');
    expect(stateLabel(shownState('paused', 2600, 2500))).toBe('Paused');
  });

  it('every other state is shown as it is', () => {
    expect(stateLabel(shownState('running', 0, 0))).toBe('Training');
    expect(stateLabel(shownState('finished', 400, 0))).toBe('Finished');
    expect(stateLabel(shownState('stopped', 10, 0))).toBe('Stopped');
    expect(stateLabel(shownState('diverged', 10, 0))).toBe('Diverged');
  });
});
