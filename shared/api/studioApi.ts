/**
 * What the studio (renderer) needs from its host. The Electron preload and the
 * web host each implement it; the renderer cannot tell them apart.
 */

import type { TrainConfig } from '../rnn/config';
import type { Model } from '../model-file/model';
import type { FromTrainer, ToTrainer } from '../trainer/contract';
import type { ExportFormat } from '../export/formats';

/** A live connection to one trainer. */
export interface TrainerConnection {
  post(message: ToTrainer): void;
  /** Returns a function that removes the handler. */
  onMessage(handler: (message: FromTrainer) => void): () => void;
  close(): void;
}

/** A model file the host opened and validated. */
export interface OpenedModel {
  model: Model;
  /** Display name (file name). */
  name: string;
  /** Where it lives, when the host knows (Electron); null in a browser. */
  path: string | null;
}

export interface SavedModel {
  name: string;
  path: string | null;
}

export interface RecentFile {
  path: string;
  name: string;
}

/** A file a person dropped on the window; structurally a DOM File. */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
  text(): Promise<string>;
}

export type MenuCommand =
  | 'new-window'
  | 'open'
  | 'save'
  | 'save-as'
  | 'export-weights'
  | 'train-toggle'
  | 'step'
  | 'stop'
  | 'reset'
  | 'about';

/**
 * Where the host keeps the checkpoint of the run in progress (a model with its
 * full state), so a run interrupted by a crash or a closed window can be
 * restored on the next launch: a file per window under the user-data folder
 * in Electron, a record per tab in a browser's IndexedDB. A page with none
 * yet loads the newest one no open page owns. Each save replaces the page's
 * checkpoint atomically.
 */
export interface CheckpointStore {
  /** The kept checkpoint, validated; null when there is none or it cannot be read. */
  load(): Promise<Model | null>;
  /** Replaces the checkpoint. Throws HostError when it cannot be kept. */
  save(model: Model): Promise<void>;
  /** Removes the checkpoint (nothing happens when there is none). */
  clear(): Promise<void>;
}

/** A host operation's failure, with a message a person can act on. */
export class HostError extends Error {
  override name = 'HostError';
}

export interface StudioApi {
  readonly host: 'electron' | 'web';
  /** Starts (or restarts after a crash) a trainer and connects to it. */
  connectTrainer(): Promise<TrainerConnection>;
  /**
   * A trainer of a sweep's pool, slot 0, 1, …: each slot its own process or
   * worker (Electron: a utility process; browser: a Web Worker), so a pool
   * runs on as many cores as it has slots. A new connection to a slot replaces its last.
   */
  connectPoolTrainer(slot: number): Promise<TrainerConnection>;
  /** The run library: every kept run's file text (shared/run/library/runEntry), oldest first. */
  listRuns(): Promise<string[]>;
  /** Keeps a run (its file text), replacing the run with the same id. */
  saveRun(text: string): Promise<void>;
  deleteRun(id: string): Promise<void>;
  /** Asks for a model file (open dialog or file input); null when cancelled. Throws HostError for a bad file. */
  openModel(): Promise<OpenedModel | null>;
  /** Opens a file by path (Electron): a recent file, or one the command line or the OS named. */
  openPath(path: string): Promise<OpenedModel>;
  /** Opens a file dropped on the window. */
  openDropped(file: DroppedFile): Promise<OpenedModel>;
  /** Saves to the current file, or asks where when there is none or saveAs is set; null when cancelled. */
  saveModel(model: Model, options: { saveAs: boolean; name: string | null; path: string | null }): Promise<SavedModel | null>;
  /** Exports the weights in a format; null when cancelled. */
  exportWeights(model: Model, format: ExportFormat, baseName: string): Promise<SavedModel | null>;
  recentFiles(): Promise<RecentFile[]>;
  /** Menu commands (Electron's application menu); returns an unsubscribe function. */
  onMenuCommand(handler: (command: MenuCommand) => void): () => void;
  /**
   * The host asks to save before its window closes (Electron's Save / Don't
   * Save / Cancel); the handler resolves true once the model is saved, false
   * when the save was cancelled or failed. Hosts without such a question omit it.
   */
  onSaveRequest?(handler: () => Promise<boolean>): () => void;
  /**
   * The host asks to open a file by path (the recent-files menu, the command
   * line, a file association); the studio opens it with openPath(path).
   */
  onOpenFile?(handler: (path: string) => void): () => void;
  /** Tells the host the window's file name and whether it has unsaved changes. */
  setDocumentState(state: { name: string | null; dirty: boolean }): void;
  /** The last settings, remembered between launches. */
  loadSettings(): Promise<Partial<TrainConfig> | null>;
  saveSettings(settings: Partial<TrainConfig>): Promise<void>;
  /** The checkpoint of an interrupted run. */
  readonly checkpoints: CheckpointStore;
}
