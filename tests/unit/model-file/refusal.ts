import { expect } from 'vitest';
import { ModelFileError, parseModelFile } from '@shared/model-file/modelFile';

/** The message of the ModelFileError that parsing `text` throws; fails the test when the text is accepted or throws anything else. */
export function refusalOf(text: string): string {
  try {
    parseModelFile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFileError);
    return (error as Error).message;
  }
  throw new Error('the text was accepted');
}
