import { writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { moduleWorker } from '../../../cli/threads';
import { tempDirForFile } from './runCli';

const temp = tempDirForFile();
const SHARED = fileURLToPath(new URL('../../../shared/rnn/task.ts', import.meta.url));

describe('CLI worker threads', () => {
  it('run a TypeScript entry and what it imports from the project', async () => {
    const entry = temp.at('answer.ts');
    await writeFile(entry, `import { parentPort } from 'node:worker_threads';
import { evaluationPairs } from ${JSON.stringify(SHARED)};
const pairs: number = evaluationPairs(8);
parentPort!.postMessage({ pairs });
`);
    const worker = moduleWorker(pathToFileURL(entry));
    try {
      const [message] = await once(worker, 'message');
      expect(message).toEqual({ pairs: 16_384 });
    } finally {
      await worker.terminate();
    }
  });

  it('refuse, in one line, an entry that needs import.meta, which a thread\'s bundle cannot give', async () => {
    const entry = temp.at('meta.ts');
    await writeFile(entry, `export const here: string = import.meta.url;\n`);
    expect(() => moduleWorker(pathToFileURL(entry))).toThrow(/cannot start .*meta\.ts in a worker thread: .*import\.meta/);
  });
});
