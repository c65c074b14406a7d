/** Opening, saving and exporting the model through the host, with the questions and messages around them. */

import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { HostError, type DroppedFile, type OpenedModel, type RecentFile } from '@shared/api/studioApi';
import type { ExportFormat } from '@shared/export/formats';
import type { Model } from '@shared/model-file/model';
import { confirmDiscard } from '../services/confirmations';
import { studioApi } from '../hosts/studioApi';
import { useModelStore } from './model';
import { useNoticeStore } from './notices';
import { useRunStore } from './run';

function messageOf(error: unknown): string {
  if (error instanceof HostError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export const useFileStore = defineStore('files', () => {
  const model = useModelStore();
  const run = useRunStore();
  const notices = useNoticeStore();

  const recent = ref<RecentFile[]>([]);
  const exportFormat = ref<ExportFormat>('json');
  /** An operation with the host is under way; the file buttons wait for it. */
  const busy = ref(false);

  async function guarded<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (busy.value) return undefined;
    busy.value = true;
    try {
      return await work();
    } finally {
      busy.value = false;
    }
  }

  async function refreshRecent(): Promise<void> {
    try {
      recent.value = await studioApi().recentFiles();
    } catch {
      recent.value = [];
    }
  }

  /** Opens through `ask`; a bad file is reported and the open model stays as it was. */
  async function openWith(ask: () => Promise<OpenedModel | null>): Promise<void> {
    if (model.dirty && !(await confirmDiscard('open-file'))) return;
    await guarded(async () => {
      let opened: OpenedModel | null;
      try {
        opened = await ask();
      } catch (error) {
        notices.error(messageOf(error));
        return;
      }
      if (!opened) return;
      await run.settle();
      await run.adopt(opened);
      notices.info(`Opened ${opened.name}: ${opened.model.training.iterations} iterations trained.`);
      await refreshRecent();
    });
  }

  const open = () => openWith(() => studioApi().openModel());
  const openPath = (path: string) => openWith(() => studioApi().openPath(path));
  const openDropped = (file: DroppedFile) => openWith(() => studioApi().openDropped(file));

  /** The model with consistent weights and history, taken while a running run holds still for a moment. */
  async function currentModel(): Promise<Model | null> {
    const wasRunning = run.running;
    await run.settle();
    const current = model.toModel();
    if (wasRunning) void run.train();
    if (!current) notices.error('There are no weights yet: press Train or Step first.');
    return current;
  }

  /** True once the model is saved; false when cancelled, failed or nothing to save. */
  async function save(saveAs = false): Promise<boolean> {
    const done = await guarded(async () => {
      const current = await currentModel();
      if (!current) return false;
      try {
        const saved = await studioApi().saveModel(current, { saveAs, name: model.fileName, path: model.filePath });
        if (!saved) return false;
        // Training that went on while the file was written has changed the model since: it stays unsaved.
        model.markSaved(saved.name, saved.path, current.training.iterations);
        await run.saved();
        notices.info(`Saved ${saved.name}.`);
        await refreshRecent();
        return true;
      } catch (error) {
        notices.error(`${messageOf(error)} Your model is still open and unchanged; try saving again, perhaps somewhere else.`);
        return false;
      }
    });
    return done === true;
  }

  async function exportWeights(format: ExportFormat = exportFormat.value): Promise<void> {
    await guarded(async () => {
      const current = await currentModel();
      if (!current) return;
      const baseName = (model.fileName ?? 'rnn-weights').replace(/\.[^.]*$/, '') || 'rnn-weights';
      try {
        const saved = await studioApi().exportWeights(current, format, baseName);
        if (saved) notices.info(`Exported ${saved.name}.`);
      } catch (error) {
        notices.error(messageOf(error));
      }
    });
  }

  watch(
    () => [model.displayName, model.dirty] as const,
    ([name, dirty]) => studioApi().setDocumentState({ name: model.fileName === null ? null : name, dirty }),
    { immediate: true },
  );

  return { recent, exportFormat, busy, refreshRecent, open, openPath, openDropped, save, exportWeights };
});
