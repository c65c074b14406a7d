/**
 * The IPC channels between the main process and the preload, named once so
 * both sides agree. Invoke handlers answer with a HostResult rather than
 * throwing, because Electron rewrites a thrown error's message
 * ("Error invoking remote method …") and the studio shows messages to people.
 */

export const Channel = {
  // renderer → main (invoke)
  connectTrainer: 'studio:connect-trainer',
  connectPoolTrainer: 'studio:connect-pool-trainer',
  listRuns: 'studio:list-runs',
  saveRun: 'studio:save-run',
  deleteRun: 'studio:delete-run',
  openModel: 'studio:open-model',
  openPath: 'studio:open-path',
  openDroppedText: 'studio:open-dropped-text',
  saveModel: 'studio:save-model',
  exportWeights: 'studio:export-weights',
  recentFiles: 'studio:recent-files',
  loadSettings: 'studio:load-settings',
  saveSettings: 'studio:save-settings',
  loadCheckpoint: 'studio:load-checkpoint',
  saveCheckpoint: 'studio:save-checkpoint',
  clearCheckpoint: 'studio:clear-checkpoint',
  // renderer → main (send)
  setDocumentState: 'studio:set-document-state',
  saveReply: 'studio:save-reply',
  // main → renderer
  trainerPort: 'studio:trainer-port',
  trainerGone: 'studio:trainer-gone',
  menuCommand: 'studio:menu-command',
  openFile: 'studio:open-file',
  saveRequest: 'studio:save-request',
} as const;

export type HostResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** What main sends with the trainer's port: the nonce the preload asked with. */
export interface TrainerPortMessage {
  nonce: string;
}

/** Sent when a window's trainer process ended without being asked to. */
export interface TrainerGoneMessage {
  message: string;
  /** The nonces of the connections that process served. */
  connectionIds: string[];
}

export interface SaveRequestMessage {
  id: number;
}

export interface SaveReplyMessage {
  id: number;
  saved: boolean;
}
