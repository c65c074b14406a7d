/**
 * Where a save may write without asking. Only the file this window itself
 * opened, or saved through a dialog, as the main process recorded it; and only
 * when the page asks for exactly that file and not for Save As. Any other
 * request, whatever path the page names, goes through the save dialog.
 */

/** The path to write without a dialog, or null to ask the person. windowFile: the window's file as main recorded it. */
export function silentSavePath(windowFile: string | null, request: unknown): string | null {
  const { saveAs, path } = (request ?? {}) as { saveAs?: unknown; path?: unknown };
  if (windowFile === null || saveAs === true || typeof path !== 'string') return null;
  return path === windowFile ? windowFile : null;
}
