/**
 * Where a studio window may navigate: nowhere but a reload of the page it
 * shows (`location.reload()`, which is how Vite's dev server applies a change
 * it cannot swap in place) and, in development, the dev server's own pages.
 * Links, forms, `location.href = …` and anything else are refused.
 */

/** The URL without its fragment, or null when it is not a URL. */
function withoutFragment(url: string): string | null {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return null;
  }
}

export function navigationAllowed(current: string, target: string, devServerOrigin: string | null): boolean {
  const to = withoutFragment(target);
  if (to === null) return false;
  if (to === withoutFragment(current)) return true;
  return devServerOrigin !== null && new URL(to).origin === devServerOrigin;
}
