/**
 * What ties the studio to its window: menu commands and keyboard shortcuts
 * reach the stores, the run starts, and in a browser leaving with unsaved
 * trained work asks first (Electron's main process asks on close itself).
 */

import type { MenuCommand, StudioApi } from '../../shared/api/studioApi';
import { useFileStore } from './stores/files';
import { useModelStore } from './stores/model';
import { useNoticeStore } from './stores/notices';
import { useRunStore } from './stores/run';

export function connectShell(api: StudioApi): void {
  const run = useRunStore();
  const files = useFileStore();
  const model = useModelStore();
  const notices = useNoticeStore();

  const commands: Partial<Record<MenuCommand, () => unknown>> = {
    open: () => files.open(),
    save: () => files.save(false),
    'save-as': () => files.save(true),
    'export-weights': () => files.exportWeights(),
    'train-toggle': () => run.toggle(),
    step: () => run.step(1),
    stop: () => run.stop(),
    reset: () => run.reset(),
    about: () => notices.info('RNN Studio: train a small recurrent network to add binary numbers, and watch it learn.'),
  };
  api.onMenuCommand((command) => void commands[command]?.());
  api.onSaveRequest?.(() => files.save(false));
  api.onOpenFile?.((path) => void files.openPath(path));

  window.addEventListener('keydown', (event) => {
    const mod = event.ctrlKey || event.metaKey;
    if (!mod || event.altKey || event.repeat) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      void run.toggle();
    } else if (api.host === 'web' && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void files.save(event.shiftKey);
    } else if (api.host === 'web' && event.key.toLowerCase() === 'o') {
      event.preventDefault();
      void files.open();
    }
  });

  if (api.host === 'web') {
    window.addEventListener('beforeunload', (event) => {
      if (!model.dirty) return;
      event.preventDefault();
      event.returnValue = '';
    });
  }

  void files.refreshRecent();
  void run.init();
}
