import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import webConfig, { aliases } from './vite.web.config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  main: {
    resolve: { alias: aliases },
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          trainer: resolve(root, 'electron/trainer/index.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias: aliases },
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload cannot load ES modules or other chunks: one CommonJS file.
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: webConfig.plugins,
    resolve: { alias: aliases },
    worker: { format: 'es' },
    build: {
      outDir: resolve(root, 'out/renderer'),
      target: 'es2022',
      rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
