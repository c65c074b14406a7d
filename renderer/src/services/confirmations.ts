/**
 * How the studio asks a person to confirm: one small service the stores call,
 * so no store reaches for the window itself and a host or a test can answer
 * in its own way. By default the studio's own dialog asks (stores/dialogs.ts).
 */

import type { Question } from '../stores/dialogs';
import { useDialogStore } from '../stores/dialogs';

export type Confirm = (question: Question) => boolean | Promise<boolean>;

let confirm: Confirm = (question) => useDialogStore().ask(question);

/** Replaces how questions are asked (a test's answers). */
export function setConfirm(next: Confirm): void {
  confirm = next;
}

/** What the studio is about to do in place of the current model, for confirmDiscard. */
export type Replacement = 'new-model' | 'reset' | 'open-file' | 'open-run';

const REPLACEMENTS: Record<Replacement, { title: string; confirm: string }> = {
  'new-model': { title: 'Start a new model?', confirm: 'Start a new model' },
  reset: { title: 'Reset to new initial weights?', confirm: 'Reset' },
  'open-file': { title: 'Open another model?', confirm: 'Open' },
  'open-run': { title: 'Open this run?', confirm: 'Open the run' },
};

/**
 * Asks before the current model, trained and not saved as a file, gives way
 * to another; true when the person goes ahead. Its run is not lost: it stays
 * in Runs, from where it can be opened again.
 */
export async function confirmDiscard(replacement: Replacement, detail = ''): Promise<boolean> {
  const { title, confirm: yes } = REPLACEMENTS[replacement];
  return confirm({
    title,
    message: `${detail}The current run stays in Runs, where it can be opened again, but its model has not been saved as a file.`,
    confirm: yes,
    cancel: 'Keep the current model',
  });
}

/** Offers to restore a run a crash or a closed window interrupted; true to restore it. */
export async function confirmRestore(iteration: number, target: number | null): Promise<boolean> {
  // Groups of three digits set apart by spaces: "1 234 567".
  const count = (n: number) => n.toLocaleString('en-US').replace(/,/g, ' ');
  return confirm({
    title: 'Restore the interrupted run?',
    message: `A run was interrupted at iteration ${count(iteration)}${target !== null && target > iteration ? ` on its way to ${count(target)}` : ''}. Restored, it goes on exactly as if it had never stopped.`,
    confirm: 'Restore',
    cancel: 'Discard it',
  });
}
