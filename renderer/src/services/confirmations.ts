/**
 * How the studio asks a person to confirm: one small service the stores call,
 * so no store reaches for the window itself and a host or a test can answer
 * in its own way.
 */

export type Confirm = (question: string) => boolean | Promise<boolean>;

let confirm: Confirm = (question) => window.confirm(question);

/** Replaces how questions are asked (a host's own dialog, or a test's answers). */
export function setConfirm(next: Confirm): void {
  confirm = next;
}

/** Asks before unsaved trained weights are thrown away; true when the person agrees. */
export async function confirmDiscard(action: string): Promise<boolean> {
  return confirm(`The trained model has unsaved changes. ${action} anyway and lose them?`);
}

/** Offers to restore a run a crash or a closed window interrupted; true to restore it. */
export async function confirmRestore(iteration: number): Promise<boolean> {
  // Groups of three digits set apart by spaces: "1 234 567".
  return confirm(`Restore the run interrupted at iteration ${iteration.toLocaleString('en-US').replace(/,/g, ' ')}?`);
}
