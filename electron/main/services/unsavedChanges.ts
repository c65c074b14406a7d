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

/**
 * True when the window may close: the person discarded the changes, or saved them successfully.
 * A save that got no answer (the page did not reply in time) asks the person again.
 */
export async function mayClose(ask: () => Promise<UnsavedChoice>, save: () => Promise<boolean | 'no-answer'>): Promise<boolean> {
  for (;;) {
    const choice = await ask();
    if (choice === 'discard') return true;
    if (choice === 'cancel') return false;
    let saved: boolean | 'no-answer';
    try {
      saved = await save();
    } catch {
      return false;
    }
    if (saved !== 'no-answer') return saved;
  }
}
