/** What closing a window with unsaved trained work does, once the person has answered Save / Don't Save / Cancel. */

export type UnsavedChoice = 'save' | 'discard' | 'cancel';

/** The buttons of the question, in the order the dialog shows them; the index is the dialog's response. */
export const UNSAVED_BUTTONS: readonly { label: string; choice: UnsavedChoice }[] = [
  { label: 'Save', choice: 'save' },
  { label: "Don't Save", choice: 'discard' },
  { label: 'Cancel', choice: 'cancel' },
];

export function choiceOf(response: number): UnsavedChoice {
  return UNSAVED_BUTTONS[response]?.choice ?? 'cancel';
}

/** True when the window may close: the person discarded the changes, or saved them successfully. */
export async function mayClose(ask: () => Promise<UnsavedChoice>, save: () => Promise<boolean>): Promise<boolean> {
  const choice = await ask();
  if (choice === 'discard') return true;
  if (choice === 'cancel') return false;
  try {
    return await save();
  } catch {
    return false;
  }
}
