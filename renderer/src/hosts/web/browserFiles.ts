/**
 * Browser file access: a file input for opening, and for saving either the
 * File System Access API (a real file the next Save writes again) or a
 * download where the browser lacks it.
 */

export interface SaveTarget {
  /** Suggested file name, extension included. */
  name: string;
  bytes: Uint8Array | string;
  mime: string;
  /** Shown in the save picker's type list. */
  description: string;
  extension: string;
}

interface WritableFile {
  write(data: Blob): Promise<void>;
  close(): Promise<void>;
}

export interface FileHandle {
  readonly name: string;
  createWritable(): Promise<WritableFile>;
}

type ShowSaveFilePicker = (options: {
  suggestedName?: string;
  types?: { description: string; accept: Record<string, string[]> }[];
}) => Promise<FileHandle>;

function savePicker(): ShowSaveFilePicker | null {
  const picker = (window as unknown as { showSaveFilePicker?: ShowSaveFilePicker }).showSaveFilePicker;
  return typeof picker === 'function' ? picker.bind(window) : null;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

function blobOf(target: SaveTarget): Blob {
  const part = typeof target.bytes === 'string' ? target.bytes : new Uint8Array(target.bytes);
  return new Blob([part], { type: target.mime });
}

/** Asks for one file; null when the person cancels. */
export function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.hidden = true;
    const finish = (file: File | null) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => finish(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => finish(null), { once: true });
    document.body.append(input);
    input.click();
  });
}

/** Offers the bytes as a download under the given name. */
export function download(target: SaveTarget): void {
  const url = URL.createObjectURL(blobOf(target));
  const link = document.createElement('a');
  link.href = url;
  link.download = target.name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; keep the URL a little longer for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export async function writeToHandle(handle: FileHandle, target: SaveTarget): Promise<void> {
  const writable = await handle.createWritable();
  await writable.write(blobOf(target));
  await writable.close();
}

/**
 * Saves through the save picker when the browser has one, else as a download.
 * Returns the handle written (null for a download), or undefined when cancelled.
 */
export async function saveFile(target: SaveTarget): Promise<FileHandle | null | undefined> {
  const picker = savePicker();
  if (!picker) {
    download(target);
    return null;
  }
  let handle: FileHandle;
  try {
    handle = await picker({
      suggestedName: target.name,
      types: [{ description: target.description, accept: { [target.mime]: [`.${target.extension}`] } }],
    });
  } catch (error) {
    if (isAbort(error)) return undefined;
    throw error;
  }
  await writeToHandle(handle, target);
  return handle;
}
