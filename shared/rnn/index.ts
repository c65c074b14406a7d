/** The RNN core: configuration, weights, random numbers, the task, training and evaluation. */

export * from './config';
export * from './weights';
export * from './random';
export * from './task';
export { initWeights } from './parameters';
export { createKernel } from './kernel/kernel';
export type { Kernel, NetShape } from './kernel/kernel';
export { TrainingLoop, checkConfig, checkStartState, DEAD_ITERATIONS, DEAD_LOSS, MAX_REPLAYED_DRAWS } from './trainingLoop';
export type { Divergence, TrainerStart } from './trainingLoop';
export * from './trainerState';
export * from './evaluate';
export * from './lengths';
