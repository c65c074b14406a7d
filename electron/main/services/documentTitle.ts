/** The window title: the model file's name (or "Untitled"), a mark while there are unsaved changes, then the app's name. */

export const APP_NAME = 'RNN Studio';
export const UNSAVED_MARK = '•';

export interface DocumentState {
  name: string | null;
  dirty: boolean;
}

export function windowTitle(state: DocumentState): string {
  return `${state.dirty ? `${UNSAVED_MARK} ` : ''}${state.name ?? 'Untitled'} — ${APP_NAME}`;
}

/** A document state from the renderer, checked: anything malformed is refused with the reason. */
export function checkDocumentState(value: unknown): DocumentState {
  if (typeof value !== 'object' || value === null) throw new TypeError('document state must be an object { name, dirty }');
  const { name, dirty } = value as Record<string, unknown>;
  if (name !== null && (typeof name !== 'string' || name.length > 1024)) throw new TypeError('document state name must be null or a file name');
  if (typeof dirty !== 'boolean') throw new TypeError('document state dirty must be true or false');
  return { name, dirty };
}
