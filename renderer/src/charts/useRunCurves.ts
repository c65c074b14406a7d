/** The run's curves for a chart, and a way to hear each time they have new points. */

import { storeToRefs } from 'pinia';
import { watch, type Ref } from 'vue';
import type { TrainingHistory } from '@shared/run/curves/trainingHistory';
import { useModelStore } from '../stores/model';

export function useRunCurves(): { curves: Ref<TrainingHistory>; onCurves(callback: () => void): void } {
  // One object grown in place (markRaw), announced by triggerRef whenever it has new points.
  const { curves } = storeToRefs(useModelStore());
  return {
    curves,
    // `deep` runs the callback on every announcement although the object stays the same (a markRaw object is not traversed).
    onCurves: (callback) => void watch(curves, callback, { deep: true }),
  };
}
