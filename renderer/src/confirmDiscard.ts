/** Asks before unsaved trained weights are thrown away; true when the person agrees. */
export function confirmDiscard(action: string): boolean {
  return window.confirm(`The trained model has unsaved changes. ${action} anyway and lose them?`);
}
