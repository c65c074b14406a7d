/** Looking inside training: one sample's intermediates, gradient flow, hidden-state projections, snapshots and distributions. */

export * from './sampleTrace';
export { traceSample, stepTerms } from './traceSample';
export * from './gradientFlow';
export * from './pca';
export * from './hiddenStates';
export * from './snapshotSeries';
export * from './distributions';
export * from './update';
