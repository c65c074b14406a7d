/** Whether the walk-through is open: its button sits beside the timeline, its panel beside the weights, its trace with the inside views. */

import { defineStore } from 'pinia';
import { ref } from 'vue';

export const useWalkThroughStore = defineStore('walkThrough', () => {
  const open = ref(false);
  /** The pair it walks through, when the probe holds a valid one. */
  const pair = ref<{ a: number; b: number } | null>(null);
  return { open, pair };
});
