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
