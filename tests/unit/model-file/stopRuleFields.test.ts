/** The stop rule's options arrived with model files version 2: older files open without them. */

import { describe, expect, it } from 'vitest';
import { parseModelFile, serializeModel } from '@shared/model-file/modelFile';
import { sampleModel } from './sampleModel';

function withoutStopRule(version: number): string {
  const json = JSON.parse(serializeModel(sampleModel({ untilAccuracy: 0.5, evalEvery: 7 })));
  json.version = version;
  delete json.config.untilAccuracy;
  delete json.config.evalEvery;
  return JSON.stringify(json);
}

describe('the stop rule in model files', () => {
  it('round-trips a target and its cadence', () => {
    const model = sampleModel({ untilAccuracy: 0.999, evalEvery: 250 });
    expect(parseModelFile(serializeModel(model)).config).toMatchObject({ untilAccuracy: 0.999, evalEvery: 250 });
  });

  it('opens a version 1 file with the stop rule off and the default cadence', () => {
    expect(parseModelFile(withoutStopRule(1)).config).toMatchObject({ untilAccuracy: 0, evalEvery: 100 });
  });

  it('refuses a version 2 file without them', () => {
    expect(() => parseModelFile(withoutStopRule(2))).toThrow(/config\.untilAccuracy is missing \(Stop at accuracy: /);
  });
});
